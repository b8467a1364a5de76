import type { Job, Worker } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { Dialogue } from "../dialogue/envelope.js";
import type { DeadlineJob } from "../queue/deadlines.js";
import type { DeadlineResult } from "../queue/deadline-worker.js";
import type { DeliveryJob } from "../queue/deliveries.js";
import type { DeliveryResult } from "../queue/delivery-worker.js";
import type { EstuMetrics } from "./metrics.js";

/**
 * The dialogue as adapters see it, counting each inbound message by its channel and
 * timing `handle` (failures too: a slow failure is still a slow step).
 */
export function instrumentDialogue(dialogue: Dialogue, metrics: EstuMetrics): Dialogue {
  return {
    handle: async (envelope) => {
      const channel = envelope.channel;
      metrics.inboundMessages.inc({ channel });
      const stop = metrics.dialogueStep.startTimer();
      try {
        return await dialogue.handle(envelope);
      } catch (error) {
        metrics.dialogueFailures.inc({ channel });
        throw error;
      } finally {
        stop();
      }
    },
  };
}

/** What `countAppealsCreated` needs of `Runtime.appealEvents`. */
export type AppealEventSource = Readonly<{ on(listener: (appeal: Appeal) => Promise<void>): void }>;

/** Ids remembered against counting an appeal twice; past this, the oldest are forgotten. */
const rememberedIds = 50_000;

/**
 * Counts appeals registered in this process, by agency. Appeal events also carry
 * decisions, so only an appeal whose one history entry is its registration counts,
 * and each id once (a redelivered confirmation hands the same appeal back).
 */
export function countAppealsCreated(events: AppealEventSource, metrics: EstuMetrics): void {
  const seen = new Set<string>();
  events.on(async (appeal) => {
    const justRegistered = appeal.history.length === 1 && appeal.history[0]?.event === "registered";
    if (!justRegistered || seen.has(appeal.id)) return;
    seen.add(appeal.id);
    // A Set iterates in insertion order, so the first id is the oldest.
    if (seen.size > rememberedIds) seen.delete(seen.values().next().value ?? "");
    metrics.appealsCreated.inc({ agency: appeal.agencyId });
  });
}

/** An attempt that failed is final when it was the last allowed or BullMQ will not retry it. */
function isFinalFailure(job: Job | undefined, error: Error): boolean {
  if (!job || error.name === "UnrecoverableError") return true;
  // BullMQ has already counted this attempt when it emits `failed`.
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

/**
 * Counts the outcomes of the delivery worker's attempts: a completed job that sent its
 * notice is `delivered` (one already handled or gone is not a delivery); a failed
 * attempt with attempts left is `retried`; the last attempt, or a permanent failure
 * (`UnrecoverableError`, a citizen who blocked the bot), is `failed`. A 429 pauses the
 * queue without failing the job, so it is not counted.
 */
export function observeDeliveries(worker: Worker<DeliveryJob, DeliveryResult>, metrics: EstuMetrics): void {
  worker.on("completed", (_job, result) => {
    if (result === "delivered") metrics.deliveries.inc({ outcome: "delivered" });
  });
  worker.on("failed", (job, error) => {
    metrics.deliveries.inc({ outcome: isFinalFailure(job, error) ? "failed" : "retried" });
  });
}

/** Counts the appeals the deadline worker marks overdue (once per deadline, as the worker marks them). */
export function observeDeadlines(worker: Worker<DeadlineJob, DeadlineResult>, metrics: EstuMetrics): void {
  worker.on("completed", (_job, result) => {
    if (result === "marked") metrics.appealsMarkedOverdue.inc();
  });
}
