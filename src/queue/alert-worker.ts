import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Appeal } from "../core/appeal/appeal.js";
import type { Outbound } from "../core/outbound.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { ChannelSender } from "../core/ports/channel-sender.js";
import type { Official, OfficialRepository } from "../core/ports/official-repository.js";
import { alertsQueueName, type AlertJob } from "./deadlines.js";
import { sendFailed } from "./send-failure.js";

export type AlertWorkerOptions = Readonly<{
  connection: Redis;
  prefix: string;
  appeals: AppealRepository;
  officials: OfficialRepository;
  /** The admin bot's channel: officials' addresses are their admin-bot chats. */
  sender: ChannelSender;
  render: (alert: AlertJob, appeal: Appeal, official: Official) => Outbound;
  /** Told of an alert given up (the official blocked the admin bot), for the log. */
  onGivenUp: (alert: AlertJob, failure: string) => void;
}>;

export type AlertResult = "sent" | "skipped";

/** Sends reminders and overdue alerts to officials in their language, paced like notifications. */
export function createAlertWorker(options: AlertWorkerOptions): Worker<AlertJob, AlertResult> {
  const worker: Worker<AlertJob, AlertResult> = new Worker(alertsQueueName, (job, token) => sendAlert(options, worker, job, token), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 2,
    limiter: { max: 20, duration: 1_000 },
  });
  return worker;
}

async function sendAlert(options: AlertWorkerOptions, worker: Worker, job: Job<AlertJob>, token: string | undefined): Promise<AlertResult> {
  const [official, appeal] = await Promise.all([options.officials.get(job.data.officialId), options.appeals.get(job.data.appealId)]);
  // An official switched off, or moved to another agency, since the reminder was planned.
  if (!official?.active || !appeal || official.agencyId !== appeal.agencyId) return "skipped";
  try {
    await options.sender.send(official.id, options.render(job.data, appeal, official));
  } catch (error) {
    return sendFailed(worker, job, token, error, async (failure) => options.onGivenUp(job.data, failure));
  }
  return "sent";
}
