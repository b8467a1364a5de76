import type { AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import { openStatuses } from "../core/deadlines/overdue.js";
import type { AgencyFilter } from "../core/ports/appeal-repository.js";
import type { OfficialRole } from "../core/ports/official-repository.js";

/** The lists of an agency's inbox. `late` is every open appeal past its deadline, whatever its status. */
export const inboxFilters = ["new", "work", "wait", "late", "done"] as const;
export type InboxFilter = (typeof inboxFilters)[number];

const statusesOf: Readonly<Record<InboxFilter, readonly AppealStatus[]>> = {
  new: ["registered", "forwarded"],
  work: ["in_progress", "extended"],
  wait: ["awaiting_citizen"],
  late: openStatuses,
  done: ["answered", "rejected"],
};

/** The store's filter for one list of an agency's inbox on `today`. */
export function inboxQuery(filter: InboxFilter, agencyId: string, today: LocalDate): AgencyFilter {
  return { agencyId, statuses: statusesOf[filter], ...(filter === "late" ? { deadlineBefore: today } : {}) };
}

/** The overdue list is the supervisors' tool for reassigning; officials see its count. */
export function mayOpenList(filter: InboxFilter, role: OfficialRole): boolean {
  return filter !== "late" || role !== "official";
}
