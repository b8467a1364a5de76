import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { AppError } from "../core/errors.js";
import { startChildService, type ChildService } from "./child-service.js";
import { freePort } from "./free-port.js";
import { projectRoot } from "./project-root.js";

const run = promisify(execFile);
const script = join(projectRoot, "scripts", "ferretdb.sh");
const remedy = "Install Go 1.24+ (https://go.dev/dl/) so scripts/ferretdb.sh can build FerretDB, or set MONGODB_URI to a MongoDB 7+ server.";

/**
 * Starts the embedded MongoDB-wire server: FerretDB 1.24.2 with its SQLite handler and
 * our patch (scripts/ferretdb.sh builds it once per machine). Data lives in `dataDir`.
 * `onBuild` is called before a build, only when no binary is there yet.
 */
export async function startEmbeddedMongo(dataDir: string, onBuild: () => void = () => undefined): Promise<ChildService> {
  if (!(await ferretDbBuilt())) {
    onBuild();
    await buildFerretDb();
  }
  await mkdir(dataDir, { recursive: true });
  const port = await freePort();
  const url = `mongodb://127.0.0.1:${port}/`;
  return startChildService({
    name: "FerretDB",
    command: "bash",
    args: [script, "start", dataDir, String(port)],
    url,
    probe: () => pingMongo(url),
    remedy,
  });
}

/** True when the binary for the current patch is already built (`ferretdb.sh path` finds it). */
async function ferretDbBuilt(): Promise<boolean> {
  return run("bash", [script, "path"]).then(
    () => true,
    () => false,
  );
}

async function buildFerretDb(): Promise<void> {
  try {
    // The first build on a machine compiles FerretDB from source (about a minute).
    await run("bash", [script, "build"], { maxBuffer: 10 * 1024 * 1024, timeout: 15 * 60_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim() ?? "";
    const lastLine = stderr.split("\n").at(-1) ?? String(error);
    throw new AppError("FERRETDB_BUILD_FAILED", `FerretDB could not be built: ${lastLine}`, { script }, { cause: error });
  }
}

/** True when a MongoDB-wire server at `url` answers a ping. */
export async function pingMongo(url: string): Promise<boolean> {
  // Loaded here, not at the top: `npm start` spawns FerretDB before the driver is loaded, so the two overlap.
  const { default: mongoose } = await import("mongoose");
  const client = new mongoose.mongo.MongoClient(url, { serverSelectionTimeoutMS: 1_000, connectTimeoutMS: 1_000 });
  try {
    await client.db("admin").command({ ping: 1 });
    return true;
  } catch {
    return false;
  } finally {
    await client.close();
  }
}
