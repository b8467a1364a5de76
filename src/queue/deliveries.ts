import type { JobsOptions } from "bullmq";

/** The queue that carries decided notifications to citizens. */
export const deliveriesQueueName = "deliveries";

/**
 * One outbox entry to deliver, addressed by its index in the appeal's outbox. `sent`
 * records in Redis that the channel took it, so a retry after the store failed to mark
 * it delivered does not send it again; `unavailableFiles`, how many of its files the channel
 * no longer had, travels with it to be recorded on the entry.
 */
export type DeliveryJob = Readonly<{ appealId: string; index: number; entryId: string; sent?: boolean; unavailableFiles?: number }>;

/** The notification's name for a channel that reports a failure later: `<appeal>/<index>/<entry>`. */
export function deliveryRef(job: Pick<DeliveryJob, "appealId" | "index" | "entryId">): string {
  return `${job.appealId}/${job.index}/${job.entryId}`;
}

/** The notification a `deliveryRef` names, or undefined for anything else. */
export function parseDeliveryRef(ref: string): Pick<DeliveryJob, "appealId" | "index" | "entryId"> | undefined {
  const match = /^([A-Z]{2,5}-\d{4}-\d{6})\/(\d{1,4})\/([\w-]+)$/.exec(ref);
  return match ? { appealId: match[1] ?? "", index: Number(match[2]), entryId: match[3] ?? "" } : undefined;
}

/**
 * Retries with exponential backoff (5 s, 10 s, 20 s, ... about 42 minutes in all);
 * completed jobs are kept a week so a relayed entry id is recognised and not queued
 * twice; failed jobs are kept for the operator until the outbox sweep queues their
 * entry again.
 */
export const deliveryJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3_600 },
  removeOnFail: false,
};
