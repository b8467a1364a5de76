import type { Actor, Appeal, AttachmentRef, Language } from "../core/appeal/appeal.js";
import { attachmentReferenceSchema, attachmentSchema } from "../core/appeal/appeal-draft.js";
import type { SavedValue } from "../core/ports/conversation-store.js";
import { decideOnAppeal } from "../core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../core/use-cases/submit-appeal.js";
import { AppError } from "../core/errors.js";
import { submissionInProgress } from "../core/ports/appeal-repository.js";
import type { Effect, Params } from "../engine/effects.js";
import { appealParams, contestKey, lastDecision } from "./appeal-texts.js";
import { consentVersion, type DialogueDeps } from "./dialogue-deps.js";
import type { Outbound } from "../core/outbound.js";
import type { InboundEnvelope } from "./envelope.js";

type ActionEffect = Extract<Effect, { type: "action" }>;

/**
 * What to tell the citizen; for a submission, the appeal it stored (its coupon is kept for a second
 * tap on "confirm"), or null when it was refused.
 */
export type ActionAnswer = Readonly<{ replies: Outbound[]; stored?: Appeal | null }>;

/** How many appeals "my appeals" lists, newest first. */
export const listLimit = 10;

/**
 * Carries out one action the engine asked for, through the core use cases, and
 * returns what to tell the citizen: the `done` text is rendered only after the
 * action succeeded (an appeal number only after the appeal is stored).
 */
export async function carryOutAction(deps: DialogueDeps, effect: ActionEffect, envelope: InboundEnvelope, language: Language): Promise<ActionAnswer> {
  const say = (key: string, params?: Params): Outbound => ({ text: deps.translator.translate(key, language, params), choices: [] });
  const { citizenId, receivedAt } = envelope;
  const input = effect.input;
  switch (effect.action) {
    case "record_consent":
      await deps.citizens.recordConsent(citizenId, { at: receivedAt, version: consentVersion }, { channel: envelope.channel, language });
      return { replies: [] };
    case "forget_citizen":
      await deps.citizens.forget(citizenId, receivedAt);
      return { replies: effect.done ? [say(effect.done)] : [] };
    case "submit_appeal":
      return submit(deps, effect, envelope, language, say);
    case "list_appeals":
      return { replies: [await listAppeals(deps, citizenId, Number(input["page"] ?? 0), language, say)] };
    case "show_appeal":
      return { replies: [await showAppeal(deps, await listedNumber(deps, citizenId, String(input["number"] ?? ""), Number(input["page"] ?? 0)), citizenId, language, say)] };
    case "submit_clarification":
      return { replies: await clarify(deps, effect, envelope, say) };
    case "rate_answer":
      return { replies: await rate(deps, effect, envelope, language, say) };
    case "set_language":
      // The engine sends a language change as its own effect; as an action there is nothing to do.
      return { replies: [] };
  }
}

type Say = (key: string, params?: Params) => Outbound;

async function submit(deps: DialogueDeps, effect: ActionEffect, envelope: InboundEnvelope, language: Language, say: Say): Promise<ActionAnswer> {
  // The draft's identity (the message that started it), not the confirming message's:
  // two taps on "confirm" in two messages still submit one appeal.
  const { draftKey, ...draft } = effect.input;
  const submissionKey = typeof draftKey === "string" ? `draft:${draftKey}` : envelope.key;
  const result = await submitAppeal(deps, { draft, submissionKey, citizenId: envelope.citizenId, receivedAt: envelope.receivedAt }).catch((error: unknown) => {
    // An operator's problem (the calendar ran out): logged, and the citizen told to try later. Not while another
    // attempt may still be storing this appeal: that error fails the turn, and the redelivered message shows the coupon.
    if (error instanceof AppError && error.code !== submissionInProgress) return { ok: false, problem: error.code } as const;
    throw error;
  });
  if (!result.ok) {
    deps.onSubmitRefused({ citizenId: envelope.citizenId, submissionKey, problem: result.problem });
    return { replies: [say("appeal:submit_failed")], stored: null };
  }
  if (result.appeal.applicant) await deps.citizens.saveApplicant(envelope.citizenId, result.appeal.applicant);
  await deps.onAppealStored?.(result.appeal);
  const replies = effect.done ? [say(effect.done, appealParams(result.appeal, deps.reference, language, deps.calendar.timeZone))] : [];
  return { replies, stored: result.appeal };
}

/** A page of the citizen's appeals, newest first, with buttons to open each and to turn the page. */
async function listAppeals(deps: DialogueDeps, citizenId: string, page: number, language: Language, say: Say): Promise<Outbound> {
  const fetched = await deps.appeals.listByCitizen(citizenId, { limit: listLimit + 1, offset: page * listLimit });
  const appeals = fetched.slice(0, listLimit);
  if (appeals.length === 0) return say(page === 0 ? "mine:none" : "mine:no_more");
  const lines = appeals.map((appeal, index) => {
    const params = appealParams(appeal, deps.reference, language, deps.calendar.timeZone);
    return deps.translator.translate("mine:list_line", language, { ...params, line: index + 1, status: deps.translator.translate(`appeal:status.${appeal.status}`, language) });
  });
  const header = deps.translator.translate("mine:list_header", language, { count: appeals.length });
  const paging = [
    ...(page > 0 ? [{ id: `go:my_appeals:p${page - 1}`, label: deps.translator.translate("common:choice.previous", language) }] : []),
    ...(fetched.length > listLimit ? [{ id: `go:my_appeals:p${page + 1}`, label: deps.translator.translate("common:choice.more", language) }] : []),
  ];
  const open = appeals.map((appeal) => ({ id: `go:appeal:${appeal.id}`, label: appeal.id }));
  const menu = { id: "g:menu", label: deps.translator.translate("common:command.menu", language) };
  return { text: [header, ...lines].join("\n"), choices: [...open, ...paging, menu] };
}

/** The appeal number a citizen meant: as typed, or the one on that line of the list page they saw. */
async function listedNumber(deps: DialogueDeps, citizenId: string, typed: string, page: number): Promise<string> {
  const line = /^\d{1,2}$/.test(typed) ? Number(typed) : undefined;
  if (line === undefined || line < 1 || line > listLimit) return typed;
  const [listed] = await deps.appeals.listByCitizen(citizenId, { limit: 1, offset: page * listLimit + line - 1 });
  return listed?.id ?? typed;
}

async function showAppeal(deps: DialogueDeps, number: string, citizenId: string, language: Language, say: Say): Promise<Outbound> {
  const appeal = await deps.appeals.get(number);
  // Someone else's appeal is "not found": its existence is not the asker's business.
  if (!appeal || appeal.citizenId !== citizenId) return say("mine:not_found", { number });
  const params = { ...appealParams(appeal, deps.reference, language, deps.calendar.timeZone), status: deps.translator.translate(`appeal:status.${appeal.status}`, language) };
  const parts = [deps.translator.translate("mine:details", language, params)];
  const decision = lastDecision(appeal);
  if (decision?.text) {
    parts.push(deps.translator.translate("mine:answer", language, { answer: decision.text }));
    parts.push(deps.translator.translate(contestKey("contest", appeal, deps.reference), language, params));
  }
  return { text: parts.join("\n\n"), choices: [] };
}

async function clarify(deps: DialogueDeps, effect: ActionEffect, envelope: InboundEnvelope, say: Say): Promise<Outbound[]> {
  const number = String(effect.input["number"] ?? "");
  const actor: Actor = { type: "citizen", citizenId: envelope.citizenId };
  const decision = { type: "clarify" as const, text: String(effect.input["clarification"] ?? ""), attachments: attachmentsOf(effect.input["attachments"]) };
  const result = await decideOnAppeal(deps, number, decision, actor, envelope.receivedAt);
  if (!result.ok) return [say("clarify:not_expected", { number })];
  // Announced like a new appeal, so the official waiting for it is told.
  await deps.onAppealStored?.(result.appeal);
  return effect.done ? [say(effect.done, { number })] : [];
}

async function rate(deps: DialogueDeps, effect: ActionEffect, envelope: InboundEnvelope, language: Language, say: Say): Promise<Outbound[]> {
  const number = String(effect.input["number"] ?? "");
  const comment = typeof effect.input["comment"] === "string" ? effect.input["comment"] : undefined;
  const decision = { type: "rate" as const, score: Number(effect.input["score"]), comment };
  const result = await decideOnAppeal(deps, number, decision, { type: "citizen", citizenId: envelope.citizenId }, envelope.receivedAt);
  if (!result.ok) return [say("rate:not_rated", { number })];
  const params = appealParams(result.appeal, deps.reference, language, deps.calendar.timeZone);
  const contest = deps.translator.translate(contestKey("contest", result.appeal, deps.reference), language, params);
  return effect.done ? [say(effect.done, { ...params, contest })] : [];
}

/**
 * Attachments from saved values: a file whose optional details (name, type, size) are not
 * well-formed still goes, by its reference alone; only one without a usable reference is left out.
 */
function attachmentsOf(value: SavedValue | undefined): AttachmentRef[] {
  if (!Array.isArray(value)) return [];
  return (value as SavedValue[]).flatMap((item) => {
    const parsed = attachmentSchema.safeParse(item);
    if (parsed.success) return [parsed.data];
    const bare = attachmentReferenceSchema.safeParse(item);
    return bare.success ? [bare.data] : [];
  });
}
