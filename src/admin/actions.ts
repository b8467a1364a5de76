import { rejectionReasons, type Appeal, type AttachmentRef } from "../core/appeal/appeal.js";
import { decide, maxExtensionMonths } from "../core/appeal/decide.js";
import type { Decision } from "../core/appeal/decision.js";
import { addMonths } from "../core/calendar/local-date.js";
import { isForwardingLate } from "../core/deadlines/forwarding-term.js";
import { defaultTermWorkingDays } from "../core/reference/reference-data.js";
import { decideOnAppeal, type DecideOnAppealResult } from "../core/use-cases/decide-on-appeal.js";
import { answerLanguageMismatch } from "../core/text-language.js";
import { formatDate } from "../dialogue/format-date.js";
import { maxQuotedLength } from "../dialogue/render-notice.js";
import type { AdminReply } from "./admin-input.js";
import { buttonData, type CardAction } from "./callback-data.js";
import { filesLine } from "./files-line.js";
import { actorOf, say, type ConsoleContext, type Step } from "./console-context.js";
import type { Compose, Pending } from "./pending.js";
import { parseTypedDate } from "./typed-date.js";
import { searchAgencies } from "./search-agencies.js";
import { cardScreen, inboxScreen, visibleAppeal } from "./screens.js";

/** Agencies offered as buttons for one typed search; a longer list asks for a longer word. */
const agencyMatchesShown = 8;
/** Files an answer can carry. */
const maxAnswerFiles = 10;

const cancelButton = (ctx: ConsoleContext) => ({ id: buttonData({ type: "cancel" }), label: ctx.t("compose.cancel") });

/** Starts an action from the card: at once for take, after a preview for close, otherwise by asking what it needs. */
export async function startAction(ctx: ConsoleContext, action: CardAction, appealId: string): Promise<Step> {
  const appeal = await visibleAppeal(ctx, appealId);
  if (!appeal) return { replies: [say(ctx.t("card.not_found", { number: appealId }))], pending: null };
  switch (action) {
    case "take":
      return carryOut(ctx, appeal.id, { type: "take" });
    case "close":
      return { replies: [closePreview(ctx, appeal.id)], pending: { kind: "close", appealId } };
    case "answer":
    case "clarify":
      return { replies: [say(ctx.t(`compose.ask_${action}`, { number: appeal.id }), [cancelButton(ctx)])], pending: { kind: action, appealId, text: "", attachments: [] } };
    case "forward":
      return { replies: [agencyPrompt(ctx, appeal)], pending: { kind: "forward", appealId, text: "" } };
    case "reject":
      return { replies: [reasonPicker(ctx, appeal)], pending: { kind: "reject", appealId, text: "" } };
    case "extend": {
      const latest = addMonths(appeal.termDeadline, maxExtensionMonths);
      return { replies: [say(ctx.t("compose.ask_date", { number: appeal.id, deadline: formatDate(appeal.deadline), latest: formatDate(latest) }), [cancelButton(ctx)])], pending: { kind: "extend", appealId, text: "" } };
    }
    case "reassign":
      return { replies: [await officialPicker(ctx, appeal)], pending: { kind: "reassign", appealId } };
  }
}

/** A typed message while composing: the text of the answer, question, reason or comment, or the new date. */
export async function continueWithText(ctx: ConsoleContext, pending: Compose, text: string): Promise<Step> {
  const trimmed = text.trim();
  // While the reason is asked, a date typed again corrects the date (it is not a reason).
  if (pending.kind === "extend" && (!pending.newDeadline || parseTypedDate(trimmed))) return chooseDate(ctx, pending, trimmed);
  if (trimmed === "") return { replies: [say(ctx.t("refused.empty_text"), [cancelButton(ctx)])], pending };
  if (pending.kind === "forward" && !pending.toAgencyId) return { replies: [agencyMatches(ctx, pending.appealId, trimmed)], pending };
  if (pending.kind === "reject" && !pending.reason) return { replies: [say(ctx.t("compose.pick_reason_first"), [cancelButton(ctx)])], pending };
  if (trimmed.length > maxQuotedLength) return { replies: [say(ctx.t("compose.too_long", { length: trimmed.length, max: maxQuotedLength }), [cancelButton(ctx)])], pending };
  const next = { ...pending, text: trimmed };
  return { replies: [await preview(ctx, next)], pending: next };
}

/** A file while composing: only an answer carries files (the Code lets the answer include documents). */
export async function continueWithFile(ctx: ConsoleContext, pending: Compose, attachment: AttachmentRef, caption: string | undefined): Promise<Step> {
  if (pending.kind !== "answer") return { replies: [say(ctx.t("compose.files_only_in_answer"), [cancelButton(ctx)])], pending };
  if (pending.attachments.length >= maxAnswerFiles) return { replies: [say(ctx.t("compose.too_many_files", { max: maxAnswerFiles }), [cancelButton(ctx)])], pending };
  const text = caption?.trim() ? caption.trim() : pending.text;
  const next = { ...pending, text, attachments: [...pending.attachments, attachment] };
  return { replies: [await preview(ctx, next)], pending: next };
}

/** A body chosen for forwarding: now its reason. */
export async function chooseAgency(ctx: ConsoleContext, pending: Pending | null, agencyId: string): Promise<Step> {
  if (pending?.kind !== "forward") return stale(ctx, pending);
  const agency = ctx.deps.reference.agencies.find((candidate) => candidate.id === agencyId);
  if (!agency) return stale(ctx, pending);
  const next = { ...pending, toAgencyId: agency.id };
  return { replies: [say(ctx.t("compose.ask_forward_reason", { agency: agency.name[ctx.official.language] }), [cancelButton(ctx)])], pending: next };
}

/** A legal ground chosen for a refusal: now the comment for the citizen. */
export function chooseReason(ctx: ConsoleContext, pending: Pending | null, reason: (typeof rejectionReasons)[number]): Step {
  if (pending?.kind !== "reject") return stale(ctx, pending);
  return { replies: [say(ctx.t("compose.ask_reject_comment", { reason: ctx.t(`reject_reason.${reason}`) }), [cancelButton(ctx)])], pending: { ...pending, reason } };
}

export async function chooseAssignee(ctx: ConsoleContext, pending: Pending | null, officialId: string): Promise<Step> {
  if (pending?.kind !== "reassign") return stale(ctx, pending);
  return carryOut(ctx, pending.appealId, { type: "reassign", officialId });
}

/** The official confirmed the preview: the decision is taken now. */
export async function confirm(ctx: ConsoleContext, pending: Pending | null): Promise<Step> {
  if (!pending || pending.kind === "find" || pending.kind === "reassign") return stale(ctx, pending);
  if (pending.kind === "close") return carryOut(ctx, pending.appealId, { type: "close" });
  const decision = decisionOf(pending);
  return decision ? carryOut(ctx, pending.appealId, decision) : stale(ctx, pending);
}

function decisionOf(pending: Compose): Decision | undefined {
  switch (pending.kind) {
    case "answer":
      return { type: "answer", text: pending.text, attachments: pending.attachments };
    case "clarify":
      return pending.text ? { type: "ask_clarification", question: pending.text } : undefined;
    case "forward":
      return pending.toAgencyId && pending.text ? { type: "forward", toAgencyId: pending.toAgencyId, reason: pending.text } : undefined;
    case "reject":
      return pending.reason && pending.text ? { type: "reject", legalReason: pending.reason, comment: pending.text } : undefined;
    case "extend":
      return pending.newDeadline && pending.text ? { type: "extend", newDeadline: pending.newDeadline, reason: pending.text } : undefined;
  }
}

/** Takes the decision through the core use case, which checks the official again, and shows the outcome. */
async function carryOut(ctx: ConsoleContext, appealId: string, decision: Decision): Promise<Step> {
  const { deps } = ctx;
  const result = await decideOnAppeal(deps, appealId, decision, actorOf(ctx.official), ctx.now);
  if (!result.ok) return { replies: [say(refusalText(ctx, result)), await cardScreen(ctx, appealId)], pending: null };
  await deps.onDecided(result.appeal);
  const done = say(ctx.t(`done.${decision.type}`, { number: appealId }));
  // A forwarded appeal is no longer the agency's to see: back to the inbox, not a card it may not open.
  if (result.appeal.agencyId !== ctx.official.agencyId) return { replies: [done, { ...(await inboxScreen(ctx)), screen: false }], pending: null };
  return { replies: [done, { ...(await cardScreen(ctx, appealId)), screen: false }], pending: null };
}

/** Why a decision was refused, in the official's words. */
function refusalText(ctx: ConsoleContext, result: Extract<DecideOnAppealResult, { ok: false }>): string {
  if (result.reason !== "refused") return ctx.t(`refused.${result.reason}`);
  const refusal = result.refusal;
  switch (refusal.type) {
    case "transition_not_allowed":
      return ctx.t("refused.transition_not_allowed", { status: ctx.t(`status.${refusal.status}`) });
    case "deadline_not_later":
      return ctx.t("refused.deadline_not_later", { deadline: formatDate(refusal.current) });
    case "extension_too_long":
      return ctx.t("refused.extension_too_long", { latest: formatDate(refusal.latest) });
    case "not_overdue":
      return ctx.t("refused.not_overdue", { deadline: formatDate(refusal.deadline) });
    default:
      return ctx.t(`refused.${refusal.type}`);
  }
}

/**
 * What will be sent, headed by the decision's key fact (the body, the ground, the new
 * date), with warnings, and the buttons to send or cancel. Every text here reaches the
 * citizen, so each is checked for the language the law allows.
 */
async function preview(ctx: ConsoleContext, pending: Compose): Promise<AdminReply> {
  const { t } = ctx;
  const appeal = await ctx.deps.appeals.get(pending.appealId);
  const mismatch = appeal !== undefined && answerLanguageMismatch(pending.text, appeal.language);
  const warnings = mismatch ? [t(appeal.language === "kk" ? "compose.language_warning_kk" : "compose.language_warning", { language: t(`language.${appeal.language}`) })] : [];
  const files = "attachments" in pending && pending.attachments.length > 0 ? [filesLine(t, "compose.files_attached", pending.attachments)] : [];
  const body = pending.text || t("compose.no_text");
  return say([t(`compose.preview_${pending.kind}`, { number: pending.appealId, ...keyFact(ctx, pending) }), "", body, ...files, ...warnings, "", t("compose.preview_hint")].join("\n"), [
    { id: buttonData({ type: "confirm" }), label: t(`compose.send_${pending.kind}`) },
    cancelButton(ctx),
  ]);
}

/** The fact a preview names besides the text: where a forward goes, on what ground a refusal rests, the new date. */
function keyFact(ctx: ConsoleContext, pending: Compose): Record<string, string> {
  switch (pending.kind) {
    case "forward":
      return { agency: ctx.deps.reference.agencies.find((agency) => agency.id === pending.toAgencyId)?.name[ctx.official.language] ?? pending.toAgencyId ?? "" };
    case "reject":
      return { reason: ctx.t(`reject_reason.${pending.reason ?? "other_legal_ground"}`) };
    case "extend":
      return { date: pending.newDeadline ? formatDate(pending.newDeadline) : "" };
    default:
      return {};
  }
}

/** Closing ends the citizen's appeal and tells them so: asked once before it is done. */
function closePreview(ctx: ConsoleContext, appealId: string): AdminReply {
  return say(ctx.t("compose.preview_close", { number: appealId }), [{ id: buttonData({ type: "confirm" }), label: ctx.t("compose.send_close") }, cancelButton(ctx)]);
}

/** The new date of an extension, checked against the rules now so the official can correct it at once. */
async function chooseDate(ctx: ConsoleContext, pending: Extract<Pending, { kind: "extend" }>, text: string): Promise<Step> {
  const newDeadline = parseTypedDate(text);
  if (!newDeadline) return { replies: [say(ctx.t("compose.date_format"), [cancelButton(ctx)])], pending };
  const appeal = await visibleAppeal(ctx, pending.appealId);
  if (!appeal) return { replies: [say(ctx.t("card.not_found", { number: pending.appealId }))], pending: null };
  const category = ctx.deps.reference.categories.find((candidate) => candidate.id === appeal.categoryId);
  // A dry run of the decision with a placeholder reason: the same rule that will judge it on confirmation.
  const tried = decide(appeal, { type: "extend", newDeadline, reason: "-" }, actorOf(ctx.official), {
    now: ctx.now,
    calendar: ctx.deps.calendar,
    termWorkingDays: category?.term_working_days ?? defaultTermWorkingDays,
  });
  if (!tried.ok) return { replies: [say(refusalText(ctx, { ok: false, reason: "refused", refusal: tried.refusal }), [cancelButton(ctx)])], pending };
  const warning = ctx.deps.calendar.isWorkingDay(newDeadline) ? [] : [ctx.t("compose.date_not_working_day")];
  return { replies: [say([ctx.t("compose.ask_extend_reason", { date: formatDate(newDeadline) }), ...warning].join("\n"), [cancelButton(ctx)])], pending: { ...pending, newDeadline } };
}

/** Asks for part of the receiving body's name, with the forwarding-term warning when it has passed. */
function agencyPrompt(ctx: ConsoleContext, appeal: Appeal): AdminReply {
  const late = isForwardingLate(appeal, ctx.deps.calendar, ctx.now) ? [ctx.t("compose.forward_late")] : [];
  return say([ctx.t("compose.ask_agency", { number: appeal.id }), ...late].join("\n"), [cancelButton(ctx)]);
}

/** The bodies whose name fits what was typed (`searchAgencies`), best first, each a button; never the official's own. */
function agencyMatches(ctx: ConsoleContext, appealId: string, typed: string): AdminReply {
  const matches = searchAgencies(ctx.deps.reference.agencies, typed, ctx.official.agencyId);
  if (matches.length === 0) return say(ctx.t("compose.agency_none", { query: typed }), [cancelButton(ctx)]);
  const shown = matches.slice(0, agencyMatchesShown);
  const text = matches.length > shown.length ? ctx.t("compose.agency_many", { count: matches.length, shown: shown.length }) : ctx.t("compose.agency_found", { number: appealId });
  return say(text, [...shown.map((agency) => ({ id: buttonData({ type: "forward_to", agencyId: agency.id }), label: agency.name[ctx.official.language] })), cancelButton(ctx)]);
}

function reasonPicker(ctx: ConsoleContext, appeal: Appeal): AdminReply {
  return say(ctx.t("compose.ask_reason", { number: appeal.id }), [
    ...rejectionReasons.map((reason) => ({ id: buttonData({ type: "reject_reason", reason }), label: ctx.t(`reject_reason.${reason}`) })),
    cancelButton(ctx),
  ]);
}

async function officialPicker(ctx: ConsoleContext, appeal: Appeal): Promise<AdminReply> {
  const colleagues = (await ctx.deps.officials.listByAgency(appeal.agencyId)).filter((official) => official.active && official.id !== appeal.assignedOfficialId);
  return say(ctx.t(colleagues.length > 0 ? "compose.ask_assignee" : "compose.no_assignee", { number: appeal.id }), [
    ...colleagues.map((official) => ({ id: buttonData({ type: "assign_to", officialId: official.id }), label: official.displayName })),
    cancelButton(ctx),
  ]);
}

/** A button of an action that is no longer in progress (pressed twice, or after cancelling). */
function stale(ctx: ConsoleContext, pending: Pending | null): Step {
  return { replies: [say(ctx.t("compose.stale"), [{ id: buttonData({ type: "inbox" }), label: ctx.t("menu.inbox") }])], pending };
}
