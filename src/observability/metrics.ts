import { monitorEventLoopDelay } from "node:perf_hooks";
import { Counter, Gauge, Histogram, Registry } from "./prometheus.js";

/** The job states shown per queue: what waits, what is planned, what runs, what was given up. */
export const queueStates = ["waiting", "delayed", "active", "failed"] as const;
export type QueueState = (typeof queueStates)[number];

/** What the queue gauge needs of a BullMQ `Queue`: its name and `getJobCounts`. */
export type JobCountSource = Readonly<{
  name: string;
  getJobCounts(...types: QueueState[]): Promise<Readonly<Record<string, number>>>;
}>;

/** Outcomes of one delivery attempt, as counted by `observeDeliveries`. */
export const deliveryOutcomes = ["delivered", "failed", "retried"] as const;
export type DeliveryOutcome = (typeof deliveryOutcomes)[number];

/**
 * Upper bounds of a dialogue step in seconds: a step is a few reads and writes, 5 ms on
 * a warm MongoDB, up to seconds when the store is slow; beyond 5 s is an incident.
 */
export const dialogueStepBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const;

/** A queue that does not answer within this time is left out of one scrape rather than holding it. */
const queueReadTimeoutMs = 1_000;

export type EstuMetricsOptions = Readonly<{
  /** Queues whose depth is read at each scrape (`openQueueSources` gives Estu's three). */
  queues?: readonly JobCountSource[] | undefined;
  queueTimeoutMs?: number | undefined;
}>;

/** Estu's metrics of one process, and the registry that writes them at `/metrics`. */
export type EstuMetrics = Readonly<{
  registry: Registry;
  inboundMessages: Counter<"channel">;
  dialogueFailures: Counter<"channel">;
  dialogueStep: Histogram;
  appealsCreated: Counter<"agency">;
  appealsMarkedOverdue: Counter;
  deliveries: Counter<"outcome">;
  queueJobs: Gauge<"queue" | "state">;
  /** Stops the event loop monitor. */
  close: () => void;
}>;

/** Rejects after `ms`; the timer does not keep the process alive. */
function timeout(ms: number, what: string): Promise<never> {
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms).unref());
}

/**
 * Creates the registry with Estu's metrics, the queue depths read from BullMQ at each
 * scrape, and the process's memory, start time and event loop delay.
 */
export function createEstuMetrics(options: EstuMetricsOptions = {}): EstuMetrics {
  const registry = new Registry();
  const queues = options.queues ?? [];
  const queueTimeoutMs = options.queueTimeoutMs ?? queueReadTimeoutMs;

  const inboundMessages = registry.register(new Counter("estu_inbound_messages_total", "Citizens' messages handed to the dialogue, by channel (redeliveries included).", ["channel"]));
  const dialogueFailures = registry.register(new Counter("estu_dialogue_failures_total", "Inbound messages whose dialogue step threw, by channel.", ["channel"]));
  const dialogueStep = registry.register(new Histogram("estu_dialogue_step_seconds", "Time to handle one inbound message in the dialogue, replies included.", dialogueStepBuckets));
  const appealsCreated = registry.register(new Counter("estu_appeals_created_total", "Appeals registered by this process, by receiving agency.", ["agency"]));
  const appealsMarkedOverdue = registry.register(new Counter("estu_appeals_marked_overdue_total", "Appeals this process's deadline worker marked overdue (deadline passed unanswered)."));
  const deliveries = registry.register(new Counter("estu_deliveries_total", "Delivery attempts of citizens' notifications by this process's worker, by outcome.", ["outcome"]));
  // Zero from the start, so rate() and increase() see every outcome before it first happens.
  for (const outcome of deliveryOutcomes) deliveries.inc({ outcome }, 0);

  const queueUp = new Gauge("estu_queue_scrape_ok", "1 when the queue depths were read from Redis at this scrape, 0 when Redis did not answer in time.");
  if (queues.length > 0) registry.register(queueUp);
  const queueJobs = registry.register(
    new Gauge("estu_queue_jobs", "Jobs in each BullMQ queue by state, read from Redis at scrape time.", ["queue", "state"], async (gauge) => {
      gauge.reset();
      if (queues.length === 0) return;
      try {
        const counts = await Promise.race([Promise.all(queues.map((queue) => queue.getJobCounts(...queueStates))), timeout(queueTimeoutMs, "queue counts")]);
        queues.forEach((queue, index) => {
          for (const state of queueStates) gauge.set({ queue: queue.name, state }, counts[index]?.[state] ?? 0);
        });
        queueUp.set({}, 1);
      } catch {
        queueUp.set({}, 0);
      }
    }),
  );

  const loopDelay = monitorEventLoopDelay({ resolution: 20 });
  loopDelay.enable();
  registry.register(new Gauge("process_resident_memory_bytes", "Resident memory size in bytes.", [], (gauge) => gauge.set({}, process.memoryUsage.rss())));
  registry.register(new Gauge("nodejs_heap_size_used_bytes", "V8 heap in use, in bytes.", [], (gauge) => gauge.set({}, process.memoryUsage().heapUsed)));
  const startTime = Math.round((Date.now() / 1_000 - process.uptime()) * 1_000) / 1_000;
  registry.register(new Gauge("process_start_time_seconds", "Start time of the process since the Unix epoch, in seconds.", [], (gauge) => gauge.set({}, startTime)));
  registry.register(
    new Gauge("nodejs_eventloop_lag_p99_seconds", "99th percentile of the event loop delay since the previous scrape, in seconds.", [], (gauge) => {
      // The histogram is in nanoseconds; resetting it makes each scrape show its own interval.
      gauge.set({}, loopDelay.count > 0 ? loopDelay.percentile(99) / 1e9 : 0);
      loopDelay.reset();
    }),
  );

  return { registry, inboundMessages, dialogueFailures, dialogueStep, appealsCreated, appealsMarkedOverdue, deliveries, queueJobs, close: () => loopDelay.disable() };
}
