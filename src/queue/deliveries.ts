import type { JobsOptions } from "bullmq";

/** The queue that carries decided notifications to citizens. */
export const deliveriesQueueName = "deliveries";

/** One outbox entry to deliver, addressed by its index in the appeal's outbox. */
export type DeliveryJob = Readonly<{ appealId: string; index: number; entryId: string }>;

/**
 * Retries with exponential backoff (5 s, 10 s, 20 s, ... about 42 minutes in all);
 * completed jobs are kept a week so a relayed entry id is recognised and not queued
 * twice; failed jobs are kept for the operator.
 */
export const deliveryJobOptions: JobsOptions = {
  attempts: 10,
  backoff: { type: "exponential", delay: 5_000 },
  removeOnComplete: { age: 7 * 24 * 3_600 },
  removeOnFail: false,
};
