import { errorMessage } from "../adapters/describe-error.js";
import { Queue, type Worker } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { ChannelSender } from "../core/ports/channel-sender.js";
import { renderNotice } from "../dialogue/render-notice.js";
import type { Logger } from "../logger.js";
import { deliveriesQueueName, type DeliveryJob } from "../queue/deliveries.js";
import { createDeliveryWorker, type DeliveryResult } from "../queue/delivery-worker.js";
import { OutboxRelay } from "../queue/outbox-relay.js";
import { producerConnection, workerConnection } from "../queue/redis-connections.js";
import type { Runtime } from "./boot.js";

/** How often the sweep looks for outbox entries a crash or a Redis outage left behind. */
const sweepEveryMs = 30_000;

/** Queues the notifications of decisions as they are written. */
export type Relay = Readonly<{ relay: (appeal: Appeal) => Promise<void>; close: () => Promise<void> }>;

/**
 * The producer side: relays an appeal's new outbox entries right after the write that
 * made them. A failure (Redis away) is logged and left to the sweep: the entry is
 * safe in MongoDB, so the official's decision stands.
 */
export function openRelay(runtime: Runtime, log: Logger): Relay & Readonly<{ outbox: OutboxRelay }> {
  const connection = producerConnection(runtime.redisUrl);
  connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the relay is unavailable"));
  const queue = new Queue<DeliveryJob>(deliveriesQueueName, { connection, prefix: runtime.config.redisPrefix });
  queue.on("error", (error: Error) => log.debug({ problem: error.message }, "deliveries queue error"));
  const outbox = new OutboxRelay(queue, runtime.store.appeals);
  return {
    outbox,
    relay: async (appeal) => {
      try {
        await outbox.relay(appeal);
      } catch (error) {
        log.warn({ appealId: appeal.id, problem: errorMessage(error) }, "notification not queued yet; the sweep will queue it");
      }
    },
    close: async () => {
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * The worker role: delivers queued notifications through the configured channels and
 * sweeps the outbox every 30 s, and whenever Redis comes back, for entries that were
 * never queued or whose job gave up.
 */
export function startDeliveries(runtime: Runtime, sender: ChannelSender, outbox: OutboxRelay, log: Logger): Readonly<{ worker: Worker<DeliveryJob, DeliveryResult>; close: () => Promise<void> }> {
  const connection = workerConnection(runtime.redisUrl);
  connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the delivery worker is unavailable"));
  const notice = { translator: runtime.translator, reference: runtime.reference, timeZone: runtime.config.timeZone };
  const worker = createDeliveryWorker({
    connection,
    prefix: runtime.config.redisPrefix,
    appeals: runtime.store.appeals,
    citizens: runtime.store.citizens,
    sender,
    render: (appeal, entry, language) => renderNotice(notice, appeal, entry, language),
  });
  worker.on("completed", (job, result) => log.info({ appealId: job.data.appealId, entry: job.data.entryId, result }, "notification handled"));
  worker.on("failed", (job, error) => log.warn({ appealId: job?.data.appealId, entry: job?.data.entryId, attempt: job?.attemptsMade, problem: error.message }, "notification not delivered"));
  worker.on("error", (error) => log.debug({ problem: error.message }, "delivery worker error"));

  const sweep = async () => {
    try {
      const queued = await outbox.sweep();
      if (queued > 0) log.info({ queued }, "sweep queued notifications that were not queued before");
    } catch (error) {
      log.warn({ problem: errorMessage(error) }, "outbox sweep failed; it runs again in 30 s");
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), sweepEveryMs);
  // Back from a Redis outage: queue what the relay could not at once, rather than up to 30 s later.
  connection.on("ready", () => void sweep());
  return {
    worker,
    close: async () => {
      clearInterval(timer);
      await worker.close();
      connection.disconnect();
    },
  };
}
