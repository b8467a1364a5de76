import { mkdir } from "node:fs/promises";
import { Socket } from "node:net";
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

/** True when a Redis server at `url` answers PING. Speaks RESP directly to stay dependency-free. */
export function pingRedis(url: string, timeoutMs = 1_000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (data) => done(data.toString("utf8").startsWith("+PONG")));
    socket.connect(Number(port || 6379), hostname || "127.0.0.1", () => socket.write("PING\r\n"));
  });
}
