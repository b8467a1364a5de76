import { Queue } from "bullmq";
import type { Logger } from "../logger.js";
import { alertsQueueName, deadlinesQueueName } from "../queue/deadlines.js";
import { deliveriesQueueName } from "../queue/deliveries.js";
import { producerConnection } from "../queue/redis-connections.js";

/** Estu's BullMQ queues, whose depths `/metrics` shows. */
export const estuQueueNames = [deliveriesQueueName, deadlinesQueueName, alertsQueueName] as const;

/** Estu's queues opened to be looked at (counted, shown in the dashboard), and how to close them. */
export type QueueSources = Readonly<{ queues: readonly Queue[]; close: () => Promise<void> }>;

/**
 * Opens Estu's three queues under `prefix` on one producer connection, for
 * `createEstuMetrics({ queues })`, the queue dashboard and the simulator's figures. The connection fails fast (no offline queue), so a
 * scrape while Redis is away reports `estu_queue_scrape_ok 0` instead of waiting.
 */
export function openQueueSources(redisUrl: string, prefix: string, log: Logger): QueueSources {
  const connection = producerConnection(redisUrl);
  connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the queue metrics is unavailable"));
  const queues = estuQueueNames.map((name) => {
    const queue = new Queue(name, { connection, prefix });
    queue.on("error", (error: Error) => log.debug({ queue: name, problem: error.message }, "queue metrics error"));
    return queue;
  });
  return {
    queues,
    close: async () => {
      await Promise.all(queues.map((queue) => queue.close()));
      connection.disconnect();
    },
  };
}
