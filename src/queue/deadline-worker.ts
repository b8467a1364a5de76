import { Worker, type Job, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Appeal } from "../core/appeal/appeal.js";
import { isOpenStatus } from "../core/deadlines/overdue.js";
import type { Official } from "../core/ports/official-repository.js";
import { decideOnAppeal, type DecideDeps } from "../core/use-cases/decide-on-appeal.js";
import { alertJobId, deadlinesQueueName, reminderJobOptions, type AlertJob, type DeadlineJob } from "./deadlines.js";

export type DeadlineWorkerOptions = Readonly<{
  connection: Redis;
  prefix: string;
  /** What marking an appeal overdue needs: the store and the calendar. */
  decide: DecideDeps;
  alerts: Queue<AlertJob>;
  /** Told of the appeal marked overdue, so its notice to the citizen is relayed at once. */
  onMarked: (appeal: Appeal) => Promise<void>;
  /** The clock; tests move it. */
  now?: () => Date;
}>;

export type DeadlineResult = "moved" | "reminded" | "marked" | "already_marked";

/** Runs the deadline reminders as they fall due. */
export function createDeadlineWorker(options: DeadlineWorkerOptions): Worker<DeadlineJob, DeadlineResult> {
  return new Worker<DeadlineJob, DeadlineResult>(deadlinesQueueName, (job) => runReminder(options, job), {
    connection: options.connection,
    prefix: options.prefix,
    concurrency: 4,
  });
}

/**
 * One reminder: nothing when the appeal was answered or its deadline moved since it was
 * planned; a reminder to the assigned official (or, with none, every official of the
 * agency) 3 working days before and on the day; once the day has passed, the appeal is
 * marked overdue (history and the citizen's notice in one write, once per deadline) and
 * the agency's supervisors are alerted. Alerts are jobs with ids per official, so a
 * reminder run twice alerts once.
 */
export async function runReminder(options: DeadlineWorkerOptions, job: Job<DeadlineJob>): Promise<DeadlineResult> {
  const { appealId, deadline, kind } = job.data;
  const appeal = await options.decide.appeals.get(appealId);
  if (!appeal || !isOpenStatus(appeal.status) || appeal.deadline !== deadline) return "moved";
  const officials = (await options.decide.officials.listByAgency(appeal.agencyId)).filter((official) => official.active);
  if (kind !== "overdue") {
    const assigned = officials.filter((official) => official.id === appeal.assignedOfficialId);
    await alert(options, job, assigned.length > 0 ? assigned : officials);
    return "reminded";
  }
  const now = options.now?.() ?? new Date();
  const marked = await decideOnAppeal(options.decide, appealId, { type: "mark_overdue" }, { type: "system" }, now);
  if (marked.ok) await options.onMarked(marked.appeal);
  else if (!(marked.reason === "refused" && marked.refusal.type === "already_marked")) throw new Error(`could not mark ${appealId} overdue: ${marked.reason}`);
  const supervisors = officials.filter((official) => official.role !== "official");
  await alert(options, job, supervisors.length > 0 ? supervisors : officials);
  return marked.ok ? "marked" : "already_marked";
}

async function alert(options: DeadlineWorkerOptions, job: Job<DeadlineJob>, officials: readonly Official[]): Promise<void> {
  const reminderId = job.id ?? `${job.data.appealId}.${job.data.deadline}.${job.data.kind}`;
  await options.alerts.addBulk(
    officials.map((official) => ({
      name: job.data.kind,
      data: { officialId: official.id, appealId: job.data.appealId, deadline: job.data.deadline, kind: job.data.kind },
      opts: { ...reminderJobOptions, jobId: alertJobId(reminderId, official.id) },
    })),
  );
}
