import type { Queue } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import { nextWorkingMoment, type WorkingHours } from "../core/deadlines/working-hours.js";
import type { OfficialRepository } from "../core/ports/official-repository.js";
import { alertJobId, reminderJobOptions, type AlertJob } from "./deadlines.js";

/**
 * Tells officials that an appeal needs them: the agency's officials when it reached
 * them (new, or forwarded by another agency), and when the citizen answered a
 * clarification, the assigned official (or, with none or switched off, the agency's
 * officials). Sent at the next working moment, once per event (the job id names the
 * appeal and the history entry), so announcing the appeal again adds nothing.
 */
export async function alertIncoming(alerts: Queue<AlertJob>, officials: OfficialRepository, calendar: WorkingCalendar, hours: WorkingHours, appeal: Appeal, now: Date): Promise<number> {
  const index = appeal.history.length - 1;
  const event = appeal.history[index]?.event;
  const kind = event === "registered" || event === "forwarded" ? "incoming" : event === "clarified" ? "clarified" : undefined;
  if (!kind) return 0;
  const active = (await officials.listByAgency(appeal.agencyId)).filter((official) => official.active);
  const assigned = kind === "clarified" ? active.filter((official) => official.id === appeal.assignedOfficialId) : [];
  const recipients = assigned.length > 0 ? assigned : active;
  // Counted from the caller's `now` (read just before), never from a second clock read here.
  const delay = Math.max(nextWorkingMoment(now, calendar, hours).getTime() - now.getTime(), 0);
  await alerts.addBulk(
    recipients.map((official) => ({
      name: kind,
      data: { officialId: official.id, appealId: appeal.id, deadline: appeal.deadline, kind },
      opts: { ...reminderJobOptions, delay, jobId: alertJobId(`${appeal.id}.${index}.${kind}`, official.id) },
    })),
  );
  return recipients.length;
}
