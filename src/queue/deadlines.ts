import type { JobsOptions } from "bullmq";
import type { LocalDate } from "../core/calendar/local-date.js";
import type { ReminderKind } from "../core/deadlines/reminders.js";

/** Delayed jobs, one per reminder of an appeal's deadline. */
export const deadlinesQueueName = "deadlines";
/** Messages to officials: reminders and overdue alerts, one job per official and reminder. */
export const alertsQueueName = "official-alerts";

/** `at`: when the reminder was planned to go out (ISO), for the operator inspecting the queue. */
export type DeadlineJob = Readonly<{ appealId: string; deadline: LocalDate; kind: ReminderKind; at: string }>;
/** What an official is told: a deadline reminder, an appeal that just reached their agency, or the citizen's answer to a clarification. */
export type AlertKind = ReminderKind | "incoming" | "clarified";
export type AlertJob = Readonly<{ officialId: string; appealId: string; deadline: LocalDate; kind: AlertKind }>;

/**
 * Done jobs are kept 90 days: a job id added again while it is kept is ignored, so
 * planning an appeal twice never reminds twice (and an overdue reminder is not planned
 * again once the deadline is marked passed; failed ones are retried by the scheduler).
 */
export const reminderJobOptions: JobsOptions = {
  attempts: 8,
  backoff: { type: "exponential", delay: 10_000 },
  removeOnComplete: { age: 90 * 24 * 3_600 },
  removeOnFail: false,
};

/** The alert's job id: the reminder's id and the official's, without the colons BullMQ refuses in custom ids. */
export function alertJobId(reminderId: string, officialId: string): string {
  return `${reminderId}.${officialId.replace(/:/g, "_")}`;
}
