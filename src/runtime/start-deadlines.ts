import { errorMessage } from "../adapters/describe-error.js";
import { Queue, type Worker } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { ChannelSender } from "../core/ports/channel-sender.js";
import { renderAlert } from "../admin/alerts.js";
import type { Logger } from "../logger.js";
import { createAlertWorker } from "../queue/alert-worker.js";
import { alertIncoming } from "../queue/incoming-alerts.js";
import { createDeadlineWorker, type DeadlineResult } from "../queue/deadline-worker.js";
import { DeadlineScheduler } from "../queue/deadline-scheduler.js";
import { alertsQueueName, deadlinesQueueName, type AlertJob, type DeadlineJob } from "../queue/deadlines.js";
import { producerConnection, workerConnection } from "../queue/redis-connections.js";
import type { Runtime } from "./boot.js";

/** How often every open appeal's reminders are planned again, for changes whose scheduling was missed. */
const sweepEveryMs = 60 * 60_000;

export type Scheduler = Readonly<{ schedule: (appeal: Appeal) => Promise<void>; scheduler: DeadlineScheduler; close: () => Promise<void> }>;

/**
 * The producer side: plans an appeal's reminders whenever it is stored or changed, and
 * tells the agency's officials when an appeal reaches them (new, or forwarded to them).
 */
export function openScheduler(runtime: Runtime, log: Logger): Scheduler {
  const connection = producerConnection(runtime.redisUrl);
  connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the deadline scheduler is unavailable"));
  const queue = new Queue<DeadlineJob>(deadlinesQueueName, { connection, prefix: runtime.config.redisPrefix });
  queue.on("error", (error: Error) => log.debug({ problem: error.message }, "deadlines queue error"));
  const alerts = new Queue<AlertJob>(alertsQueueName, { connection, prefix: runtime.config.redisPrefix });
  alerts.on("error", (error: Error) => log.debug({ problem: error.message }, "alerts queue error"));
  const { calendar, config, store } = runtime;
  const scheduler = new DeadlineScheduler(queue, calendar, config.workingHours);
  return {
    scheduler,
    schedule: async (appeal) => {
      const now = new Date();
      // Each is tried whatever happened to the other.
      const [planned, alerted] = await Promise.allSettled([scheduler.schedule(appeal, now), alertIncoming(alerts, store.officials, calendar, config.workingHours, appeal, now)]);
      const failure = [planned, alerted].find((outcome) => outcome.status === "rejected");
      if (failure) throw failure.reason;
    },
    close: async () => {
      await alerts.close();
      await queue.close();
      connection.disconnect();
    },
  };
}

/**
 * The worker role's deadline part: runs reminders as they fall due, marks overdue
 * appeals (their notices go out through `relay`), sends officials their reminders and
 * alerts through the admin bot, and plans every open appeal again at start and hourly.
 */
export function startDeadlineWorkers(
  runtime: Runtime,
  scheduler: Scheduler,
  officialsChannel: ChannelSender | undefined,
  relay: (appeal: Appeal) => Promise<void>,
  log: Logger,
): Readonly<{ worker: Worker<DeadlineJob, DeadlineResult>; close: () => Promise<void> }> {
  const prefix = runtime.config.redisPrefix;
  const connections = [workerConnection(runtime.redisUrl), workerConnection(runtime.redisUrl), producerConnection(runtime.redisUrl)] as const;
  for (const connection of connections) connection.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the deadline workers is unavailable"));
  const alerts = new Queue<AlertJob>(alertsQueueName, { connection: connections[2], prefix });
  alerts.on("error", (error: Error) => log.debug({ problem: error.message }, "alerts queue error"));
  const { store } = runtime;
  const deadlines = createDeadlineWorker({
    connection: connections[0],
    prefix,
    decide: { ...store, calendar: runtime.calendar, onRefused: runtime.logRefused },
    alerts,
    onMarked: relay,
  });
  deadlines.on("completed", (job, result) => log.info({ appealId: job.data.appealId, kind: job.data.kind, result }, "deadline reminder handled"));
  deadlines.on("failed", (job, error) => log.warn({ appealId: job?.data.appealId, kind: job?.data.kind, problem: error.message }, "deadline reminder failed; it is retried"));
  deadlines.on("error", (error) => log.debug({ problem: error.message }, "deadline worker error"));
  const workers: { close: () => Promise<void> }[] = [deadlines];
  if (officialsChannel) {
    const sender = createAlertWorker({
      connection: connections[1],
      prefix,
      appeals: store.appeals,
      officials: store.officials,
      sender: officialsChannel,
      render: (alert, appeal, official) => renderAlert(runtime, alert, appeal, official),
      onGivenUp: (alert, failure) => log.warn({ official: alert.officialId, appealId: alert.appealId, kind: alert.kind, failure }, "an official's reminder was given up"),
    });
    sender.on("error", (error) => log.debug({ problem: error.message }, "alert worker error"));
    workers.push(sender);
  } else if (runtime.config.telegram.botToken || runtime.config.whatsappEnabled) {
    // Only real citizens' appeals have officials to remind; the simulator's console shows its appeals itself.
    log.warn("TELEGRAM_ADMIN_BOT_TOKEN is not set: officials' reminders wait in the queue until a worker with the admin bot's token runs");
  }

  const sweep = async () => {
    try {
      const planned = await scheduler.scheduler.sweep(store.appeals, new Date(), (appealId, problem) => log.warn({ appealId, problem }, "reminders of an appeal could not be planned"));
      log.info({ appeals: planned }, "deadline reminders planned for the open appeals");
    } catch (error) {
      log.warn({ problem: errorMessage(error) }, "planning reminders failed; it runs again within the hour");
    }
  };
  void sweep();
  const timer = setInterval(() => void sweep(), sweepEveryMs);
  return {
    worker: deadlines,
    close: async () => {
      clearInterval(timer);
      for (const worker of workers) await worker.close();
      await alerts.close();
      for (const connection of connections) connection.disconnect();
    },
  };
}
