import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

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
  /** Forgets every metric of this registry. */
  close: () => void;
}>;

/** Rejects after `ms`; the timer does not keep the process alive. */
function timeout(ms: number, what: string): Promise<never> {
  return new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} timed out`)), ms).unref());
}

/**
 * Creates a registry (prom-client's, not its global one) with Estu's metrics, the queue
 * depths read from BullMQ at each scrape, and prom-client's default process and Node.js
 * metrics (memory, start time, CPU, event loop delay, GC).
 */
export function createEstuMetrics(options: EstuMetricsOptions = {}): EstuMetrics {
  const registry = new Registry();
  const queues = options.queues ?? [];
  const queueTimeoutMs = options.queueTimeoutMs ?? queueReadTimeoutMs;
  const registers = [registry];

  const inboundMessages = new Counter({ name: "estu_inbound_messages_total", help: "Citizens' messages handed to the dialogue, by channel (redeliveries included).", labelNames: ["channel"] as const, registers });
  const dialogueFailures = new Counter({ name: "estu_dialogue_failures_total", help: "Inbound messages whose dialogue step threw, by channel.", labelNames: ["channel"] as const, registers });
  const dialogueStep = new Histogram({ name: "estu_dialogue_step_seconds", help: "Time to handle one inbound message in the dialogue, replies included.", buckets: [...dialogueStepBuckets], registers });
  const appealsCreated = new Counter({ name: "estu_appeals_created_total", help: "Appeals registered by this process, by receiving agency.", labelNames: ["agency"] as const, registers });
  const appealsMarkedOverdue = new Counter({ name: "estu_appeals_marked_overdue_total", help: "Appeals this process's deadline worker marked overdue (deadline passed unanswered).", registers });
  const deliveries = new Counter({ name: "estu_deliveries_total", help: "Delivery attempts of citizens' notifications by this process's worker, by outcome.", labelNames: ["outcome"] as const, registers });
  // Zero from the start, so rate() and increase() see every outcome before it first happens.
  for (const outcome of deliveryOutcomes) deliveries.inc({ outcome }, 0);

  const queueUp = new Gauge({
    name: "estu_queue_scrape_ok",
    help: "1 when the queue depths were read from Redis at this scrape, 0 when Redis did not answer in time.",
    registers: queues.length > 0 ? registers : [],
  });
  const queueJobs = new Gauge({
    name: "estu_queue_jobs",
    help: "Jobs in each BullMQ queue by state, read from Redis at scrape time.",
    labelNames: ["queue", "state"] as const,
    registers,
    async collect() {
      this.reset();
      if (queues.length === 0) return;
      try {
        const counts = await Promise.race([Promise.all(queues.map((queue) => queue.getJobCounts(...queueStates))), timeout(queueTimeoutMs, "queue counts")]);
        queues.forEach((queue, index) => {
          for (const state of queueStates) this.set({ queue: queue.name, state }, counts[index]?.[state] ?? 0);
        });
        queueUp.set(1);
      } catch {
        queueUp.set(0);
      }
    },
  });

  collectDefaultMetrics({ register: registry });

  return { registry, inboundMessages, dialogueFailures, dialogueStep, appealsCreated, appealsMarkedOverdue, deliveries, queueJobs, close: () => registry.clear() };
}
