import { join, resolve } from "node:path";
import type { Config } from "../config.js";
import type { ChildService } from "../embedded/child-service.js";
import { pingMongo, startEmbeddedMongo } from "../embedded/embedded-mongo.js";
import { announce, runningService } from "../embedded/shared-service.js";
import { defaultRedisUrl, pingRedis, startEmbeddedRedis } from "../embedded/embedded-redis.js";
import type { Logger } from "../logger.js";

export type Services = Readonly<{ mongodbUri: string; redisUrl: string; stop: () => Promise<void> }>;

/**
 * The MongoDB and Redis Estu runs on: the configured ones, or servers started for
 * it with their data under ESTU_DATA_DIR, so a newcomer needs no setup at all.
 */
export async function provideServices(config: Config, log: Logger): Promise<Services> {
  const started: ChildService[] = [];
  const stop = async () => void (await Promise.all(started.map((service) => service.stop())));
  // Both at once; each settles before anything is stopped, so a server still starting is not left behind.
  const [mongodbUri, redisUrl] = await Promise.allSettled([
    config.mongodbUri ?? embeddedMongo(config, log, started),
    config.redisUrl ?? localRedis(config, log, started),
  ]);
  if (mongodbUri.status === "fulfilled" && redisUrl.status === "fulfilled") return { mongodbUri: mongodbUri.value, redisUrl: redisUrl.value, stop };
  await stop();
  throw mongodbUri.status === "rejected" ? mongodbUri.reason : (redisUrl as PromiseRejectedResult).reason;
}

async function embeddedMongo(config: Config, log: Logger, started: ChildService[]): Promise<string> {
  const dataDir = resolve(config.dataDir, "ferretdb");
  const running = await runningService(dataDir, pingMongo);
  if (running) {
    log.info({ url: running, dataDir }, "MONGODB_URI is not set: using the embedded FerretDB another Estu process started on this data");
    return running;
  }
  log.info({ dataDir }, "MONGODB_URI is not set: starting the embedded FerretDB");
  const ferret = await announce(dataDir, await startEmbeddedMongo(dataDir, () => log.info("first start on this machine: building FerretDB from source (about a minute)")));
  started.push(ferret);
  log.info({ url: ferret.url, dataDir }, "embedded FerretDB 1.24.2 (SQLite) is running");
  return ferret.url;
}

async function localRedis(config: Config, log: Logger, started: ChildService[]): Promise<string> {
  if (await pingRedis(defaultRedisUrl)) {
    // Several checkouts may share this Redis: the prefix is what keeps their queues apart.
    log.info({ url: defaultRedisUrl, prefix: config.redisPrefix }, `REDIS_URL is not set: using the Redis that answers locally, keys under '${config.redisPrefix}:' (ESTU_REDIS_PREFIX keeps checkouts apart)`);
    return defaultRedisUrl;
  }
  const dataDir = join(resolve(config.dataDir), "redis");
  const running = await runningService(dataDir, pingRedis);
  if (running) {
    log.info({ url: running, dataDir }, "REDIS_URL is not set: using the redis-server another Estu process started on this data");
    return running;
  }
  const redis = await announce(dataDir, await startEmbeddedRedis({ dataDir }));
  started.push(redis);
  log.info({ url: redis.url, dataDir }, "REDIS_URL is not set and no local Redis answers: started redis-server");
  return redis.url;
}
