import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { addMonths, compareLocalDates, localDateOf, type LocalDate } from "../calendar/local-date.js";
import type { Actor, Appeal, AppealStatus, HistoryEntry, OutboxEntry } from "./appeal.js";
import { maxAttachments } from "./appeal-draft.js";
import type { Decision } from "./decision.js";
import { statusRules } from "./status-rules.js";

/** Longest extension the Code allows: up to two months beyond the term. */
export const maxExtensionMonths = 2;

/** Why a decision was refused; nothing was changed. */
export type Refusal =
  | Readonly<{ type: "transition_not_allowed"; status: AppealStatus; decision: Decision["type"] }>
  | Readonly<{ type: "not_your_agency"; appealAgencyId: string; actorAgencyId: string }>
  | Readonly<{ type: "wrong_actor"; expected: Actor["type"] }>
  | Readonly<{ type: "not_the_author" }>
  | Readonly<{ type: "empty_text"; field: "text" | "question" | "reason" | "comment" }>
  | Readonly<{ type: "same_agency" }>
  | Readonly<{ type: "deadline_not_later"; current: LocalDate }>
  | Readonly<{ type: "extension_too_long"; latest: LocalDate }>
  | Readonly<{ type: "invalid_score" }>
  | Readonly<{ type: "too_many_files"; max: number }>
  | Readonly<{ type: "not_overdue"; deadline: LocalDate }>
  | Readonly<{ type: "already_marked"; deadline: LocalDate }>;

/**
 * A change to apply in one single-document write: the new fields, one history entry
 * and, when the citizen must hear of it, one outbox entry. It applies only to the
 * appeal at `expectedVersion` in `expectedStatus`.
 */
export type AppealChange = Readonly<{
  appealId: string;
  expectedVersion: number;
  expectedStatus: AppealStatus;
  set: Readonly<Partial<Pick<Appeal, "status" | "agencyId" | "assignedOfficialId" | "deadline" | "termDeadline" | "rating">>>;
  history: HistoryEntry;
  /** Set when `history` replaces the entry at this index instead of being added (a changed rating). */
  replacesHistoryIndex?: number | undefined;
  outbox: OutboxEntry | undefined;
}>;

export type DecideResult = { ok: true; change: AppealChange } | { ok: false; refusal: Refusal };

export type DecideContext = Readonly<{
  now: Date;
  calendar: WorkingCalendar;
  /** The consideration term of the appeal's category, in working days. */
  termWorkingDays: number;
}>;

/**
 * Decides whether `actor` may take `decision` on `appeal` and what it changes. Pure:
 * the caller writes the change with a version check, so a stale decision changes nothing.
 */
export function decide(appeal: Appeal, decision: Decision, actor: Actor, context: DecideContext): DecideResult {
  const rule = statusRules[decision.type];
  const refusal = checkActor(appeal, actor, rule.by) ?? checkContent(appeal, decision);
  if (refusal) return { ok: false, refusal };
  if (!rule.from.includes(appeal.status)) {
    return { ok: false, refusal: { type: "transition_not_allowed", status: appeal.status, decision: decision.type } };
  }
  const overdueRefusal = checkOverdue(appeal, decision, context);
  if (overdueRefusal) return { ok: false, refusal: overdueRefusal };
  const status = rule.to ?? appeal.status;
  const set = fieldsFor(decision, actor, context);
  // Every entry keeps the deadline in force after it, so a notice sent later states the date as decided.
  const history: HistoryEntry = { at: context.now, actor, event: rule.event, status, deadline: set.deadline ?? appeal.deadline, ...historyDetails(appeal, decision) };
  const outbox: OutboxEntry | undefined = rule.notice && {
    id: `${appeal.id}-n${appeal.outbox.length + 1}`,
    notice: rule.notice,
    historyIndex: appeal.history.length,
    createdAt: context.now,
  };
  // An appeal has one answer (answered and rejected are final), so one rating: a new score replaces it,
  // and a citizen rating again and again cannot grow the appeal toward the document size limit.
  const rated = decision.type === "rate" ? appeal.history.findIndex((entry) => entry.event === "rated") : -1;
  return {
    ok: true,
    change: {
      appealId: appeal.id,
      expectedVersion: appeal.version,
      expectedStatus: appeal.status,
      set: { ...set, status },
      history,
      ...(rated >= 0 ? { replacesHistoryIndex: rated } : {}),
      outbox,
    },
  };
}

function checkActor(appeal: Appeal, actor: Actor, expected: Actor["type"]): Refusal | undefined {
  if (actor.type !== expected) return { type: "wrong_actor", expected };
  if (actor.type === "official" && actor.agencyId !== appeal.agencyId) {
    return { type: "not_your_agency", appealAgencyId: appeal.agencyId, actorAgencyId: actor.agencyId };
  }
  if (actor.type === "citizen" && actor.citizenId !== appeal.citizenId) return { type: "not_the_author" };
  return undefined;
}

function checkContent(appeal: Appeal, decision: Decision): Refusal | undefined {
  switch (decision.type) {
    case "ask_clarification":
      return blank(decision.question) ? { type: "empty_text", field: "question" } : undefined;
    case "clarify":
    case "answer":
      if (decision.attachments.length > maxAttachments) return { type: "too_many_files", max: maxAttachments };
      return blank(decision.text) && decision.attachments.length === 0 ? { type: "empty_text", field: "text" } : undefined;
    case "forward":
      if (blank(decision.reason)) return { type: "empty_text", field: "reason" };
      return decision.toAgencyId === appeal.agencyId ? { type: "same_agency" } : undefined;
    case "reject":
      return blank(decision.comment) ? { type: "empty_text", field: "comment" } : undefined;
    case "extend":
      return checkExtension(appeal, decision.newDeadline, decision.reason);
    case "rate":
      return Number.isInteger(decision.score) && decision.score >= 1 && decision.score <= 5 ? undefined : { type: "invalid_score" };
    default:
      return undefined;
  }
}

/** An appeal is marked overdue once per deadline, and only after that deadline's day has ended. */
function checkOverdue(appeal: Appeal, decision: Decision, context: DecideContext): Refusal | undefined {
  if (decision.type !== "mark_overdue") return undefined;
  const today = localDateOf(context.now, context.calendar.timeZone);
  if (compareLocalDates(today, appeal.deadline) <= 0) return { type: "not_overdue", deadline: appeal.deadline };
  const marked = appeal.history.some((entry) => entry.event === "overdue" && entry.deadline === appeal.deadline);
  return marked ? { type: "already_marked", deadline: appeal.deadline } : undefined;
}

function checkExtension(appeal: Appeal, newDeadline: LocalDate, reason: string): Refusal | undefined {
  if (blank(reason)) return { type: "empty_text", field: "reason" };
  if (compareLocalDates(newDeadline, appeal.deadline) <= 0) return { type: "deadline_not_later", current: appeal.deadline };
  const latest = addMonths(appeal.termDeadline, maxExtensionMonths);
  return compareLocalDates(newDeadline, latest) > 0 ? { type: "extension_too_long", latest } : undefined;
}

function fieldsFor(decision: Decision, actor: Actor, context: DecideContext): AppealChange["set"] {
  switch (decision.type) {
    case "take":
      return actor.type === "official" ? { assignedOfficialId: actor.officialId } : {};
    case "reassign":
      return { assignedOfficialId: decision.officialId };
    case "rate":
      return { rating: { score: decision.score, comment: decision.comment, at: context.now } };
    case "extend":
      return { deadline: decision.newDeadline };
    case "forward": {
      // The receiving agency's own clock starts on receipt (Code: each body runs its own procedure).
      const deadline = context.calendar.deadline(context.now, context.termWorkingDays);
      return { agencyId: decision.toAgencyId, deadline, termDeadline: deadline, assignedOfficialId: null };
    }
    default:
      return {};
  }
}

function historyDetails(appeal: Appeal, decision: Decision): Partial<HistoryEntry> {
  switch (decision.type) {
    case "ask_clarification":
      return { text: decision.question };
    case "clarify":
    case "answer":
      return { text: decision.text, attachments: decision.attachments };
    case "forward":
      return { reason: decision.reason, fromAgencyId: appeal.agencyId, toAgencyId: decision.toAgencyId };
    case "reject":
      return { reason: decision.legalReason, text: decision.comment };
    case "extend":
      return { reason: decision.reason };
    case "reassign":
      return { officialId: decision.officialId };
    case "rate":
      return { score: decision.score, ...(decision.comment ? { text: decision.comment } : {}) };
    default:
      return {};
  }
}

function blank(text: string): boolean {
  return text.trim().length === 0;
}
