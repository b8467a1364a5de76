import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Appeal, Language, OutboxEntry } from "../core/appeal/appeal.js";
import type { Outbound } from "../core/outbound.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { ChannelSender } from "../core/ports/channel-sender.js";
import type { CitizenRepository } from "../core/ports/citizen-repository.js";
import { crashPoint } from "../crash-point.js";
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
  /** How long a notice may wait for its channel (WhatsApp not connected anywhere) before it is given up and shown on the card. */
  channelWaitMs?: number;
  /** The clock for the times recorded on the entry and the channel wait. */
  now?: () => Date;
}>;

export type DeliveryResult = "delivered" | "already_handled" | "gone";

const defaultChannelWaitMs = 24 * 3_600_000;

/**
 * Delivers notifications: renders the entry in the citizen's current language, records
 * that the send begins, sends it through their channel and records the outcome on the
 * appeal. A citizen who blocked the bot is a permanent failure; a 429 pauses the whole
 * queue without using an attempt; anything else, the store being away included, is
 * retried with backoff, and a job that ran out of attempts is queued again by the sweep.
 */
export function createDeliveryWorker(options: DeliveryWorkerOptions): Worker<DeliveryJob, DeliveryResult> {
  const worker: Worker<DeliveryJob, DeliveryResult> = new Worker(deliveriesQueueName, (job, token) => deliver(options, worker, job, token), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: options.concurrency ?? 4,
    limiter: { max: options.perSecond ?? 25, duration: 1_000 },
    // A job left running by a killed process is offered again within about 25 s (BullMQ's defaults: up to 60 s).
    lockDuration: 15_000,
    stalledInterval: 10_000,
  });
  return worker;
}

async function deliver(options: DeliveryWorkerOptions, worker: Worker, job: Job<DeliveryJob>, token: string | undefined): Promise<DeliveryResult> {
  const { appealId, index, entryId } = job.data;
  const now = options.now ?? (() => new Date());
  let entry: OutboxEntry | undefined;
  try {
    const appeal = await options.appeals.get(appealId);
    entry = appeal?.outbox[index];
    if (!appeal || !entry || entry.id !== entryId) return "gone";
    if (entry.deliveredAt || entry.failedAt) return "already_handled";
    if (!job.data.sent) {
      const language = (await options.citizens.get(appeal.citizenId))?.language ?? appeal.language;
      const message = options.render(appeal, entry, language);
      if (!(await options.appeals.markOutboxSending(appealId, index, entryId, now()))) return "already_handled";
      const report = await options.sender.send(appeal.citizenId, message, deliveryRef(job.data));
      crashPoint("after-send-before-mark");
      await job.updateData({ ...job.data, sent: true, unavailableFiles: report?.unavailableFiles ?? 0 });
    }
    const unavailableFiles = job.data.unavailableFiles ?? 0;
    await options.appeals.markOutbox(appealId, index, entryId, { deliveredAt: now(), ...(unavailableFiles > 0 ? { unavailableFiles } : {}) });
    return "delivered";
  } catch (error) {
    // Sent but not marked (the store is away): never "failed", the citizen has it; the retry only marks it.
    if (job.data.sent) throw error;
    const waited = entry ? now().getTime() - entry.createdAt.getTime() : 0;
    return sendFailed(worker, job, token, error, (failure) => options.appeals.markOutbox(appealId, index, entryId, { failedAt: now(), failure }), waited >= (options.channelWaitMs ?? defaultChannelWaitMs));
  }
}
