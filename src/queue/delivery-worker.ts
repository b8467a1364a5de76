import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Appeal, Language, OutboxEntry } from "../core/appeal/appeal.js";
import type { Outbound } from "../core/outbound.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { ChannelSender } from "../core/ports/channel-sender.js";
import type { CitizenRepository } from "../core/ports/citizen-repository.js";
import { deliveriesQueueName, deliveryRef, type DeliveryJob } from "./deliveries.js";
import { sendFailed } from "./send-failure.js";

export type DeliveryWorkerOptions = Readonly<{
  connection: Redis;
  prefix: string;
  appeals: AppealRepository;
  citizens: CitizenRepository;
  sender: ChannelSender;
  render: (appeal: Appeal, entry: OutboxEntry, language: Language) => Outbound;
  /** Jobs in parallel in this process. */
  concurrency?: number;
  /** At most this many sends per second across all workers (Telegram allows about 30/s to different chats). */
  perSecond?: number;
}>;

export type DeliveryResult = "delivered" | "already_handled" | "gone";

/**
 * Delivers notifications: renders the entry in the citizen's current language, sends
 * it through their channel and records the outcome on the appeal. A citizen who
 * blocked the bot is a permanent failure; a 429 pauses the whole queue without
 * using an attempt; anything else is retried with backoff.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob, DeliveryResult> {
  const worker: Worker<DeliveryJob, DeliveryResult> = new Worker(deliveriesQueueName, (job, token) => deliver(options, worker, job, token), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 4,
    limiter: { max: options.perSecond ?? 25, duration: 1_000 },
  });
  return worker;
}

async function deliver(options: DeliveryWorkerOptions, worker: Worker, job: Job<DeliveryJob>, token: string | undefined): Promise<DeliveryResult> {
  const { appealId, index, entryId } = job.data;
  const appeal = await options.appeals.get(appealId);
  const entry = appeal?.outbox[index];
  if (!appeal || !entry || entry.id !== entryId) return "gone";
  if (entry.deliveredAt || entry.failedAt) return "already_handled";
  const language = (await options.citizens.get(appeal.citizenId))?.language ?? appeal.language;
  let unavailableFiles = 0;
  try {
    unavailableFiles = (await options.sender.send(appeal.citizenId, options.render(appeal, entry, language), deliveryRef(job.data)))?.unavailableFiles ?? 0;
  } catch (error) {
    return sendFailed(worker, job, token, error, (failure) => options.appeals.markOutbox(appealId, index, entryId, { failedAt: new Date(), failure }));
  }
  await options.appeals.markOutbox(appealId, index, entryId, { deliveredAt: new Date(), ...(unavailableFiles > 0 ? { unavailableFiles } : {}) });
  return "delivered";
}
