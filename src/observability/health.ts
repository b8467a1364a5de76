import { Redis } from "ioredis";
import type { Connection } from "mongoose";

/** A channel's state as the health check shows it: `detail` is for the operator, with no personal data. */
export type ChannelStatus = Readonly<{ ok: boolean; detail: string }>;
/** Reads a channel's state; registered by the composition root for each channel this process runs. */
export type ChannelCheck = () => ChannelStatus | Promise<ChannelStatus>;

export type DependencyCheck = Readonly<{ ok: boolean; latencyMs: number; error?: "timeout" | "unavailable" }>;

/** `ok`: everything answers; `degraded`: a channel is not working; `down`: MongoDB or Redis is not. */
export type HealthStatus = "ok" | "degraded" | "down";

export type HealthReport = Readonly<{
  status: HealthStatus;
  checks: Readonly<{ mongodb: DependencyCheck; redis: DependencyCheck; channels: Readonly<Record<string, ChannelStatus>> }>;
}>;

export type HealthOptions = Readonly<{
  /** The mongoose connection the store uses (`Runtime.connection`): its health is the store's. */
  connection: Connection;
  /** `Runtime.redisUrl`. */
  redisUrl: string;
  channels?: Readonly<Record<string, ChannelCheck>> | undefined;
  /** Per check; a dependency that has not answered by then counts as failed. */
  timeoutMs?: number | undefined;
}>;

const defaultTimeoutMs = 1_000;

class TimeoutError extends Error {}

/** Settles with `task`, or rejects with TimeoutError after `ms`, so a hung dependency cannot hold the answer. */
async function within<T>(ms: number, task: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError()), ms);
  });
  try {
    return await Promise.race([task, expired]);
  } finally {
    clearTimeout(timer);
  }
}

async function timed(ms: number, probe: () => Promise<unknown>): Promise<DependencyCheck> {
  const started = performance.now();
  const latencyMs = () => Math.round(performance.now() - started);
  try {
    await within(ms, probe());
    return { ok: true, latencyMs: latencyMs() };
  } catch (error) {
    return { ok: false, latencyMs: latencyMs(), error: error instanceof TimeoutError ? "timeout" : "unavailable" };
  }
}

/** Pings through the store's own connection; a closed or disconnected one fails at once. */
async function pingMongo(connection: Connection): Promise<void> {
  if (connection.readyState !== 1 || !connection.db) throw new Error("MongoDB connection is not open");
  await connection.db.command({ ping: 1 });
}

/**
 * Pings Redis on a fresh connection: the queues' own connections retry forever and
 * would wait rather than fail. Both the connect and the command have the timeout, so
 * the client is closed even when a server accepts and never answers.
 */
async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, commandTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  client.on("error", () => undefined);
  try {
    await client.connect();
    if ((await client.ping()) !== "PONG") throw new Error("Redis did not answer PONG");
  } finally {
    client.disconnect();
  }
}

async function channelStatus(ms: number, check: ChannelCheck): Promise<ChannelStatus> {
  try {
    return await within(ms, Promise.resolve().then(check));
  } catch (error) {
    return { ok: false, detail: error instanceof TimeoutError ? "status check timed out" : "status check failed" };
  }
}

/** Checks MongoDB, Redis and every registered channel at once, each within the timeout. */
export async function checkHealth(options: HealthOptions): Promise<HealthReport> {
  const ms = options.timeoutMs ?? defaultTimeoutMs;
  const channelEntries = Object.entries(options.channels ?? {});
  const [mongodb, redis, channelResults] = await Promise.all([
    timed(ms, () => pingMongo(options.connection)),
    timed(ms, () => pingRedis(options.redisUrl, ms)),
    Promise.all(channelEntries.map(([, check]) => channelStatus(ms, check))),
  ]);
  const channels = Object.fromEntries(channelEntries.map(([name], index) => [name, channelResults[index] ?? { ok: false, detail: "no status" }]));
  const status: HealthStatus = !mongodb.ok || !redis.ok ? "down" : Object.values(channels).every((channel) => channel.ok) ? "ok" : "degraded";
  return { status, checks: { mongodb, redis, channels } };
}

/** The HTTP status for a report: 503 only when Estu cannot store or queue; a stopped channel is 200 `degraded`. */
export function healthHttpStatus(report: HealthReport): 200 | 503 {
  return report.status === "down" ? 503 : 200;
}
