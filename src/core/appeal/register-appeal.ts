import type { WorkingCalendar } from "../calendar/working-calendar.js";
import type { Appeal } from "./appeal.js";
import type { AppealDraft } from "./appeal-draft.js";

export type Registration = Readonly<{
  number: string;
  submissionKey: string;
  citizenId: string;
  receivedAt: Date;
  calendar: WorkingCalendar;
  termWorkingDays: number;
}>;

/**
 * Builds the stored appeal from a draft: registered on the next working day if it
 * arrived on a day off, with the legal deadline counted from there.
 */
export function registerAppeal(draft: AppealDraft, registration: Registration): Appeal {
  const { calendar, receivedAt } = registration;
  const registeredOn = calendar.registrationDate(receivedAt);
  const deadline = calendar.deadline(receivedAt, registration.termWorkingDays);
  const citizen = { type: "citizen", citizenId: registration.citizenId } as const;
  return {
    ...draft,
    id: registration.number,
    submissionKey: registration.submissionKey,
    citizenId: registration.citizenId,
    status: "registered",
    assignedOfficialId: null,
    receivedAt,
    registeredOn,
    termDeadline: deadline,
    deadline,
    history: [{ at: receivedAt, actor: citizen, event: "registered", status: "registered", deadline }],
    outbox: [],
    pendingOutbox: 0,
    version: 0,
  };
}
