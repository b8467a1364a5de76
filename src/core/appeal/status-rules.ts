import type { Actor, AppealStatus, HistoryEvent, NoticeType } from "./appeal.js";
import type { OfficialRole } from "../ports/official-repository.js";
import type { DecisionType } from "./decision.js";

type Rule = Readonly<{
  /** Statuses in which the decision may be taken. */
  from: readonly AppealStatus[];
  /** The status after it; `undefined` keeps the current one. */
  to: AppealStatus | undefined;
  event: HistoryEvent;
  /** What the citizen is told, if anything. */
  notice: NoticeType | undefined;
  by: Actor["type"];
  /** Roles allowed to take it, when not every official may (an extension is the head's or a deputy's decision). */
  roles?: readonly OfficialRole[];
}>;

const open = ["registered", "forwarded", "in_progress", "awaiting_citizen", "extended"] as const;

/**
 * The allowed moves. An agency that receives a forwarded appeal starts from
 * `forwarded` as from `registered`; an answered or rejected appeal is closed once the
 * citizen has been told (a contest is a new, linked appeal, not a reopening).
 */
export const statusRules: Readonly<Record<DecisionType, Rule>> = {
  take: { from: ["registered", "forwarded"], to: "in_progress", event: "taken", notice: "taken", by: "official" },
  reassign: { from: open, to: undefined, event: "reassigned", notice: undefined, by: "official", roles: ["supervisor", "admin"] },
  ask_clarification: {
    from: ["registered", "forwarded", "in_progress", "extended"],
    to: "awaiting_citizen",
    event: "clarification_requested",
    notice: "clarification_requested",
    by: "official",
  },
  clarify: { from: ["awaiting_citizen"], to: "in_progress", event: "clarified", notice: undefined, by: "citizen" },
  answer: { from: open, to: "answered", event: "answered", notice: "answered", by: "official" },
  forward: { from: open, to: "forwarded", event: "forwarded", notice: "forwarded", by: "official" },
  reject: { from: open, to: "rejected", event: "rejected", notice: "rejected", by: "official" },
  extend: { from: ["in_progress", "extended"], to: "extended", event: "extended", notice: "extended", by: "official", roles: ["supervisor", "admin"] },
  withdraw: { from: open, to: "withdrawn", event: "withdrawn", notice: undefined, by: "citizen" },
  close: { from: ["answered", "rejected"], to: "closed", event: "closed", notice: "closed", by: "official" },
  rate: { from: ["answered", "rejected", "closed"], to: undefined, event: "rated", notice: undefined, by: "citizen" },
  mark_overdue: { from: open, to: undefined, event: "overdue", notice: "overdue", by: "system" },
};

/** The decisions allowed for an appeal in `status`, e.g. to offer only valid buttons. */
export function allowedDecisions(status: AppealStatus): DecisionType[] {
  return (Object.keys(statusRules) as DecisionType[]).filter((type) => statusRules[type].from.includes(status));
}
