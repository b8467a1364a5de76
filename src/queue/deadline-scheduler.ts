import type { Queue } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import { reminderPlan, type ReminderKind } from "../core/deadlines/reminders.js";
import type { WorkingHours } from "../core/deadlines/working-hours.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import { reminderJobOptions, type DeadlineJob } from "./deadlines.js";

const kinds: readonly ReminderKind[] = ["before3", "due", "overdue"];

/**
 * Keeps an appeal's reminders in the queue in step with its deadline: the plan of the
 * deadline in force is added (ids name the appeal, the deadline and the kind, so adding
 * it again changes nothing), and the reminders of deadlines it replaced (an extension,
 * a forward) are removed. A reminder that still fires for an old deadline finds the
 * appeal moved on and does nothing.
 */
export class DeadlineScheduler {
  constructor(
    private readonly queue: Queue<DeadlineJob>,
    private readonly calendar: WorkingCalendar,
    private readonly hours: WorkingHours,
  ) {}

  /** Schedules the appeal's reminders as of `now`; returns how many are planned. */
  async schedule(appeal: Appeal, now: Date): Promise<number> {
    await this.removeSuperseded(appeal);
    // A deadline already marked passed needs no more overdue reminder, however long its done job is kept.
    const marked = appeal.history.some((entry) => entry.event === "overdue" && entry.deadline === appeal.deadline);
    const plan = reminderPlan(appeal, this.calendar, this.hours, now).filter((reminder) => !(marked && reminder.kind === "overdue"));
    await this.retryFailed(plan.map((reminder) => reminder.id));
    await this.queue.addBulk(
      plan.map((reminder) => ({
        name: reminder.kind,
        data: { appealId: reminder.appealId, deadline: reminder.deadline, kind: reminder.kind, at: reminder.at.toISOString() },
        // The delay is counted from the `now` the plan was made for (the caller's clock, read just before), so tests pin it.
        opts: { ...reminderJobOptions, jobId: reminder.id, delay: Math.max(reminder.at.getTime() - now.getTime(), 0) },
      })),
    );
    return plan.length;
  }

  /**
   * Schedules every open appeal: at start-up and now and then, for appeals whose change
   * was written while Redis was away or by a process without a scheduler. The open
   * appeals are found in one pass and read one by one, so the sweep grows with their
   * number, not with its square (each page of a paged query would scan the collection).
   */
  async sweep(appeals: AppealRepository, now: Date, onProblem: (appealId: string, problem: string) => void): Promise<number> {
    let scheduled = 0;
    for (const id of await appeals.listOpenIds()) {
      try {
        const appeal = await appeals.get(id);
        // Closed since the pass found it: nothing to plan.
        if (appeal) scheduled += (await this.schedule(appeal, now)) > 0 ? 1 : 0;
      } catch (error) {
        // One appeal that cannot be planned (a deadline in a year the calendar lacks) must not stop the others.
        onProblem(id, error instanceof Error ? error.message : String(error));
      }
    }
    return scheduled;
  }

  /**
   * A reminder that ran out of attempts (MongoDB away all morning) keeps its id, so adding
   * it again would do nothing: it is retried instead, and the sweep repairs it within the hour.
   */
  private async retryFailed(ids: readonly string[]): Promise<void> {
    for (const id of ids) {
      const job = await this.queue.getJob(id);
      if (job && (await job.isFailed())) await job.retry();
    }
  }

  private async removeSuperseded(appeal: Appeal): Promise<void> {
    const old = new Set(appeal.history.flatMap((entry) => (entry.deadline && entry.deadline !== appeal.deadline ? [entry.deadline] : [])));
    for (const deadline of old) {
      for (const kind of kinds) {
        const job = await this.queue.getJob(`${appeal.id}.${deadline}.${kind}`);
        // Only a reminder still waiting: a done one stays, so its id keeps blocking a repeat.
        if (job && (await job.isDelayed())) await job.remove();
      }
    }
  }
}
