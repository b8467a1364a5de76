import type { Queue } from "bullmq";
import type { Appeal } from "../core/appeal/appeal.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import { nextWorkingMoment, type WorkingHours } from "../core/deadlines/working-hours.js";
import type { OfficialRepository } from "../core/ports/official-repository.js";
import { alertJobId, reminderJobOptions, type AlertJob } from "./deadlines.js";

/**
 * Tells an agency's officials that an appeal reached them: a new one, or one another
 * agency forwarded. Sent at the next working moment, once per arrival (the job id names
 * the appeal and the history entry of the arrival), so announcing the appeal again adds nothing.
 */
export async function alertIncoming(alerts: Queue<AlertJob>, officials: OfficialRepository, calendar: WorkingCalendar, hours: WorkingHours, appeal: Appeal, now: Date): Promise<number> {
  const index = appeal.history.length - 1;
  const arrival = appeal.history[index];
  if (!arrival || (arrival.event !== "registered" && arrival.event !== "forwarded")) return 0;
  const recipients = (await officials.listByAgency(appeal.agencyId)).filter((official) => official.active);
  // Counted from the caller's `now` (read just before), never from a second clock read here.
  const delay = Math.max(nextWorkingMoment(now, calendar, hours).getTime() - now.getTime(), 0);
  await alerts.addBulk(
    recipients.map((official) => ({
      name: "incoming",
      data: { officialId: official.id, appealId: appeal.id, deadline: appeal.deadline, kind: "incoming" as const },
      opts: { ...reminderJobOptions, delay, jobId: alertJobId(`${appeal.id}.${index}.incoming`, official.id) },
    })),
  );
  return recipients.length;
}
