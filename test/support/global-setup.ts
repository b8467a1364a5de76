// Provisions the real services the integration tests need, once per run:
// MONGODB_URI or an embedded FerretDB, REDIS_URL or a local Redis. If a service
// cannot be had the run fails here with the remedy; no test is ever skipped.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import type { ChildService } from "../../src/embedded/child-service.js";
import { startEmbeddedMongo, pingMongo } from "../../src/embedded/embedded-mongo.js";
import { defaultRedisUrl, pingRedis, startEmbeddedRedis } from "../../src/embedded/embedded-redis.js";

declare module "vitest" {
  export interface ProvidedContext {
    mongodbUri: string;
    mongodbServer: string;
    redisUrl: string;
    redisServer: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: ChildService[] = [];
  const folders: string[] = [];
  const teardown = async () => {
    await Promise.all(started.map((service) => service.stop()));
    await Promise.all(folders.map((folder) => rm(folder, { recursive: true, force: true })));
  };
  try {
    const mongo = await provideMongo(started, folders);
    const redis = await provideRedis(started);
    project.provide("mongodbUri", mongo.uri);
    project.provide("mongodbServer", mongo.server);
    project.provide("redisUrl", redis.url);
    project.provide("redisServer", redis.server);
    console.log(`[estu tests] MongoDB-wire: ${mongo.server}; Redis: ${redis.server}`);
    return teardown;
  } catch (error) {
    await teardown();
    throw error;
  }
}

async function provideMongo(started: ChildService[], folders: string[]) {
  const uri = process.env["MONGODB_URI"];
  if (uri) {
    if (!(await pingMongo(uri))) throw new Error(`MONGODB_URI=${redact(uri)} does not answer; start that server or unset MONGODB_URI to use the embedded FerretDB.`);
    return { uri, server: `MONGODB_URI (${redact(uri)})` };
  }
  const folder = await mkdtemp(join(tmpdir(), "estu-ferretdb-"));
  folders.push(folder);
  const ferret = await startEmbeddedMongo(folder);
  started.push(ferret);
  return { uri: ferret.url, server: `FerretDB 1.24.2 (patched, SQLite) at ${ferret.url} in ${folder}` };
}

async function provideRedis(started: ChildService[]) {
  const url = process.env["REDIS_URL"];
  if (url) {
    if (!(await pingRedis(url, 2_000))) throw new Error(`REDIS_URL=${redact(url)} does not answer; start that server or unset REDIS_URL to use a local one.`);
    return { url, server: `REDIS_URL (${redact(url)})` };
  }
  if (await pingRedis(defaultRedisUrl)) return { url: defaultRedisUrl, server: `local Redis at ${defaultRedisUrl}` };
  const redis = await startEmbeddedRedis({ dataDir: undefined });
  started.push(redis);
  return { url: redis.url, server: `redis-server started at ${redis.url}` };
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, "//***@");
}
