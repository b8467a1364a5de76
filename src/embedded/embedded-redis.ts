import { mkdir } from "node:fs/promises";
import { Redis } from "ioredis";
import { startChildService, type ChildService } from "./child-service.js";
import { freePort } from "./free-port.js";

/** Where Estu looks for Redis when REDIS_URL is not set. */
export const defaultRedisUrl = "redis://127.0.0.1:6379";

type RedisOptions = Readonly<{
  /** Where the started server keeps its data; undefined for a throwaway server without persistence. */
  dataDir: string | undefined;
}>;

/**
 * Starts `redis-server` on a free port. With a data folder it persists (append-only
 * file), as a queue of undelivered notifications must survive a restart.
 */
export async function startEmbeddedRedis(options: RedisOptions): Promise<ChildService> {
  const port = await freePort();
  const persistence = options.dataDir
    ? ["--dir", options.dataDir, "--appendonly", "yes", "--save", "60 1"]
    : ["--save", "", "--appendonly", "no"];
  if (options.dataDir) await mkdir(options.dataDir, { recursive: true });
  const url = `redis://127.0.0.1:${port}`;
  return startChildService({
    name: "Redis",
    command: "redis-server",
    args: ["--port", String(port), "--bind", "127.0.0.1", "--maxmemory-policy", "noeviction", ...persistence],
    url,
    probe: () => pingRedis(url),
    remedy: "Install Redis 6.2+ (Debian: apt-get install redis-server) so Estu can start it, or set REDIS_URL.",
  });
}

/** True when a Redis server at `url` answers PING (password and TLS taken from the URL). */
export async function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}
