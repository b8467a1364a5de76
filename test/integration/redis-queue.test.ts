// BullMQ on the real Redis through Estu's connection settings, with this file's
// own queue prefix so parallel runs never share keys.
import { Queue, QueueEvents, Worker } from "bullmq";
import { afterAll, describe, expect, it } from "vitest";
import { producerConnection, workerConnection } from "../../src/queue/redis-connections.js";
import { redisUrl, uniqueName } from "../support/services.js";

const prefix = uniqueName("queue");
const producer = producerConnection(redisUrl());
const consumer = workerConnection(redisUrl());
const eventsConnection = workerConnection(redisUrl());

afterAll(async () => {
  const keys = await producer.keys(`${prefix}:*`);
  if (keys.length > 0) await producer.del(...keys);
  await Promise.all([producer.quit(), consumer.quit(), eventsConnection.quit()]);
});

describe("queue connections", () => {
  it("delivers a job once under a custom id, ignoring a second add with the same id", async () => {
    const queue = new Queue("deliveries", { connection: producer, prefix });
    const events = new QueueEvents("deliveries", { connection: eventsConnection, prefix });
    const seen: string[] = [];
    const worker = new Worker("deliveries", async (job) => void seen.push(`${job.id}:${String(job.data.notice)}`), { connection: consumer, prefix });
    await events.waitUntilReady();
    const first = await queue.add("notify", { notice: "answered" }, { jobId: "ALA-2026-000001-n1", removeOnComplete: { age: 3600 } });
    await first.waitUntilFinished(events, 10_000);
    await queue.add("notify", { notice: "answered" }, { jobId: "ALA-2026-000001-n1", removeOnComplete: { age: 3600 } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual(["ALA-2026-000001-n1:answered"]);
    expect(await producer.keys(`${prefix}:deliveries:*`)).not.toHaveLength(0);
    await worker.close();
    await events.close();
    await queue.close();
  });

  it("fails fast when a producer cannot reach Redis, instead of queueing in memory", async () => {
    const unreachable = producerConnection("redis://127.0.0.1:1");
    unreachable.on("error", () => undefined);
    await expect(unreachable.set("estu-probe", "1")).rejects.toThrow(/Stream isn't writeable|enableOfflineQueue|ECONNREFUSED/);
    unreachable.disconnect();
  });
});
