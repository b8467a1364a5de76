import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";

const keyFileName = "log-key";

/**
 * The secret of the log stand-ins (see createLogRef): ESTU_LOG_KEY when set, otherwise a
 * random key made at the first start and kept in the data folder, readable by its owner
 * only. Processes sharing a data folder share the key; processes on different machines
 * need ESTU_LOG_KEY to follow one citizen across their logs.
 */
export async function loadLogKey(configured: string | undefined, dataDir: string): Promise<string> {
  if (configured) return configured;
  const folder = resolve(dataDir);
  const file = join(folder, keyFileName);
  await mkdir(folder, { recursive: true });
  const made = randomBytes(32).toString("hex");
  try {
    // `wx`: two processes starting together keep the one key written first.
    await writeFile(file, `${made}\n`, { flag: "wx", mode: 0o600 });
    return made;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  // The process that won may still be writing it.
  for (let attempt = 0; attempt < 20; attempt++) {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`${file} holds no log key (expected 64 hex digits); delete it to have a new one made, or set ESTU_LOG_KEY`);
}
