// MongoDB-wire and Redis servers of a test's own, which it may stop and start again on
// the same port and data folder, as an outage would: never the shared ones other
// tests and helpers use.
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startChildService, type ChildService } from "../../src/embedded/child-service.js";
import { pingMongo, startEmbeddedMongo } from "../../src/embedded/embedded-mongo.js";
import { pingRedis, startEmbeddedRedis } from "../../src/embedded/embedded-redis.js";
import { projectRoot } from "../../src/embedded/project-root.js";

/** A server that can be stopped and brought back at the same address with its data. */
export type RestartableService = Readonly<{ url: string; stop: () => Promise<void>; start: () => Promise<void> }>;

const portOf = (url: string) => new URL(url).port;

/** FerretDB (patched, SQLite) in a temporary folder, restartable. */
export async function restartableMongo(): Promise<RestartableService> {
  const dataDir = await mkdtemp(join(tmpdir(), "estu-crash-ferretdb-"));
  let running: ChildService | undefined = await startEmbeddedMongo(dataDir);
  const url = running.url;
  return restartable(url, () => running, (service) => (running = service), () =>
    startChildService({
      name: "FerretDB",
      command: "bash",
      args: [join(projectRoot, "scripts", "ferretdb.sh"), "start", dataDir, portOf(url)],
      url,
      probe: () => pingMongo(url),
      remedy: "see startEmbeddedMongo",
    }),
  );
}

/** redis-server with an append-only file in a temporary folder, restartable. */
export async function restartableRedis(): Promise<RestartableService> {
  const dataDir = await mkdtemp(join(tmpdir(), "estu-crash-redis-"));
  let running: ChildService | undefined = await startEmbeddedRedis({ dataDir });
  const url = running.url;
  return restartable(url, () => running, (service) => (running = service), () =>
    startChildService({
      name: "Redis",
      command: "redis-server",
      args: ["--port", portOf(url), "--bind", "127.0.0.1", "--maxmemory-policy", "noeviction", "--dir", dataDir, "--appendonly", "yes"],
      url,
      probe: () => pingRedis(url),
      remedy: "see startEmbeddedRedis",
    }),
  );
}

function restartable(url: string, current: () => ChildService | undefined, set: (service: ChildService | undefined) => void, again: () => Promise<ChildService>): RestartableService {
  return {
    url,
    stop: async () => {
      await current()?.stop();
      set(undefined);
    },
    start: async () => {
      if (!current()) set(await again());
    },
  };
}
