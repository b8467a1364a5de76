import type { Inbound } from "../core/inbound.js";
import type { Conversation, SavedValue } from "../core/ports/conversation-store.js";
import { parseAppealNumber } from "../core/appeal/appeal-number.js";
import { doneButton, inputOf } from "./choices.js";
import type { Effect } from "./effects.js";
import { appealTextLimits } from "../core/appeal/appeal-draft.js";
import { cleanText } from "./fold-text.js";
import { guessLanguage } from "../core/text-language.js";
import { hintedLanguage } from "./speaking-language.js";
import { savedAttachment } from "./nodes/saved-attachment.js";
import { currentFlow, enterFlow, enterNode, onAdvance, placeInFlow, repeatQuestion, send, viewOf, type Move } from "./conversation-moves.js";
import { globalCommandOf, type GlobalCommand } from "./global-commands.js";
import { isAutoNode } from "./nodes/auto.js";
import { inputHandler } from "./nodes/input-handlers.js";
import { answerPending, askPending } from "./pending-questions.js";
import type { Outcome } from "./nodes/outcome.js";
import type { Flow } from "./flow-schema.js";
import { builtInFlows, type StepContext } from "./step-context.js";

/** After this long away, a citizen in the middle of a flow is asked whether to continue. */
export const resumeAfterMs = 24 * 60 * 60 * 1000;

export type StepResult = Readonly<{ conversation: Conversation; effects: readonly Effect[] }>;

/**
 * One turn of the dialogue: the citizen's message in, the new conversation and the
 * effects out. Pure: no I/O, no clock but `context.now`. Every turn yields at least
 * one message for the citizen, and every node has a way on, so nobody is stuck.
 */
export function step(context: StepContext, conversation: Conversation | undefined, inbound: Inbound, conversationId: string): StepResult {
  const move: Move = { conversation: conversation ?? newConversation(conversationId, context), effects: [], hops: 0 };
  // A first message that already says what is wrong is kept: after the language and consent it is the description.
  if (!conversation) enterFlow(move, context, builtInFlows.welcome, firstContactSeed(context, inbound));
  else turn(move, context, inbound);
  return { conversation: { ...move.conversation, updatedAt: context.now }, effects: move.effects };
}

function turn(move: Move, context: StepContext, inbound: Inbound): void {
  const flow = currentFlow(move, context);
  if (!flow || flow.version !== move.conversation.flowVersion) {
    send(move, { text: { key: "common:flow_changed" } });
    const draft = flow?.id === builtInFlows.newAppeal ? draftCarried(move.conversation.data) : undefined;
    if (draft) return enterFlow(move, context, builtInFlows.newAppeal, draft);
    return enterFlow(move, context, move.conversation.language ? builtInFlows.menu : builtInFlows.welcome);
  }
  if (inbound.type === "start") return enterFlow(move, context, move.conversation.language ? builtInFlows.menu : builtInFlows.welcome);
  const input = inputOf(inbound);
  const command = globalCommandOf(input);
  if (command) return runCommand(move, context, command);
  if (inbound.type === "choice" && inbound.payload.startsWith("go:")) return openEntry(move, context, inbound.payload);
  if (move.conversation.pending) return answerPending(move, context, move.conversation.pending, input);
  if (isStaleDraft(move, context)) return askPending(move, "resume");
  if (inbound.type === "unsupported") {
    send(move, { text: { key: "common:hint.unsupported" } });
    return repeatQuestion(move, context);
  }
  answerNode(move, context, inbound);
}

function answerNode(move: Move, context: StepContext, inbound: Inbound): void {
  const node = currentFlow(move, context)?.nodes[move.conversation.nodeId];
  if (!node || isAutoNode(node)) return enterFlow(move, context, builtInFlows.menu);
  // An appeal number typed at any question that is not a text question (nor in a draft) opens that appeal.
  const number = inbound.type === "text" ? parseAppealNumber(inbound.text) : undefined;
  if (number && node.type !== "ask" && move.conversation.flowId !== builtInFlows.newAppeal) return enterFlow(move, context, builtInFlows.appeal, { number });
  const outcome = inputHandler(node).answer(node, viewOf(move, context), inbound);
  if (outcome.type === "retry" && move.conversation.flowId === builtInFlows.menu && takeFreeInput(move, context, inbound)) return;
  applyOutcome(move, context, outcome, node.next);
}

/**
 * Text or a file at the menu that is none of its options: the clarification an official
 * is waiting for, else the start of a new appeal. False when it is neither (a stray "ok").
 */
function takeFreeInput(move: Move, context: StepContext, inbound: Inbound): boolean {
  const clarify = context.flows[builtInFlows.clarify];
  const number = context.awaitingClarification;
  if (clarify && number && move.conversation.consented && (inbound.type === "text" || inbound.type === "media")) {
    placeInFlow(move, context, clarify, { number });
    answerNode(move, context, inbound);
    return true;
  }
  const carried = carriedInput(inbound);
  if (!carried) return false;
  enterFlow(move, context, builtInFlows.newAppeal, carried);
  return true;
}

/**
 * What the welcome flow starts with: the platform's language hint, a description carried into
 * a new appeal, and, when that description is written in the hinted language, the language
 * itself: the citizen has answered "which language?" by writing, so it is not asked.
 */
function firstContactSeed(context: StepContext, inbound: Inbound): Record<string, SavedValue> {
  const carried = carriedInput(inbound, builtInFlows.newAppeal);
  const hinted = hintedLanguage(context.sender);
  const written = typeof carried?.["carriedText"] === "string" ? guessLanguage(carried["carriedText"]) : undefined;
  return { languageHint: hintOf(context), ...carried, ...(hinted && written === hinted ? { language: hinted } : {}) };
}

/**
 * What a draft begun on an older version of the appeal flow keeps when the flow starts
 * again: the description and the files, the parts a citizen would least like to give twice.
 */
function draftCarried(data: Readonly<Record<string, SavedValue>>): Record<string, SavedValue> | undefined {
  const text = typeof data["text"] === "string" ? { carriedText: data["text"] } : {};
  const media = Array.isArray(data["attachments"]) && data["attachments"].length > 0 ? { carriedMedia: data["attachments"] } : {};
  return Object.keys(text).length + Object.keys(media).length > 0 ? { ...text, ...media } : undefined;
}

/** What a message sent before any question carries into a new appeal: a description long enough, or a file. */
function carriedInput(inbound: Inbound, afterConsent?: string): Record<string, SavedValue> | undefined {
  const onward = afterConsent ? { afterConsent } : {};
  if (inbound.type === "media") {
    const caption = inbound.caption === undefined ? {} : { carriedText: cleanText(inbound.caption) };
    return { ...onward, ...caption, carriedMedia: [savedAttachment(inbound.attachment)] };
  }
  if (inbound.type !== "text" || globalCommandOf({ text: inbound.text })) return undefined;
  const text = cleanText(inbound.text);
  // A greeting ("Сәлеметсіз бе", "Здравствуйте") is not a description: it takes a few words.
  const described = text.length >= appealTextLimits.min && /\p{L}/u.test(text) && text.split(/\s+/).length >= 3;
  return described ? { ...onward, carriedText: text } : undefined;
}

function applyOutcome(move: Move, context: StepContext, outcome: Outcome, next: string | undefined): void {
  switch (outcome.type) {
    case "retry":
      send(move, { text: { key: outcome.hint, ...(outcome.params ? { params: outcome.params } : {}) } });
      return repeatQuestion(move, context);
    case "stay": {
      move.conversation = { ...move.conversation, data: { ...move.conversation.data, ...outcome.save }, page: outcome.page ?? move.conversation.page };
      if (!outcome.ack) return repeatQuestion(move, context);
      return send(move, { text: { key: outcome.ack, ...(outcome.params ? { params: outcome.params } : {}) }, choices: [doneButton] });
    }
    case "advance":
      return onAdvance(move, context, outcome, next, { remember: true });
  }
}

function runCommand(move: Move, context: StepContext, command: GlobalCommand): void {
  switch (command) {
    case "menu":
      return enterFlow(move, context, builtInFlows.menu);
    case "cancel":
      // Typed answers are not thrown away on one word: the citizen confirms first.
      if (isJourney(move)) return askPending(move, "cancel");
      if (move.conversation.flowId !== builtInFlows.menu) send(move, { text: { key: "common:cancelled" } });
      return enterFlow(move, context, builtInFlows.menu);
    case "language":
      // In the middle of a journey the language changes in place, keeping what was typed so far.
      if (isJourney(move)) return askPending(move, "language");
      return enterFlow(move, context, "language");
    case "help":
      send(move, { text: { key: "common:help" } });
      move.conversation = { ...move.conversation, pending: null };
      return repeatQuestion(move, context);
    case "back":
      return goBack(move, context);
  }
}

function goBack(move: Move, context: StepContext): void {
  const trail = [...move.conversation.trail];
  const previous = trail.pop();
  if (!previous) return enterFlow(move, context, builtInFlows.menu);
  move.conversation = { ...move.conversation, trail, returnTo: null, pending: null };
  enterNode(move, context, previous);
}

/** A button in a notification (`go:rate:ALA-2026-000001`) opens a flow about that appeal. */
function openEntry(move: Move, context: StepContext, payload: string): void {
  const [, flowId = "", subject] = payload.split(":");
  const flow = context.flows[flowId];
  const seed = flow?.entry ? entrySeed(flow.subject, subject) : undefined;
  if (!flow || !seed) {
    send(move, { text: { key: "common:hint.unknown_button" } });
    return repeatQuestion(move, context);
  }
  enterFlow(move, context, flow.id, seed);
}

/** The values a button gives the flow it opens, or undefined when the button is not one this flow takes. */
function entrySeed(kind: Flow["subject"], subject: string | undefined): Record<string, SavedValue> | undefined {
  if (kind === "appeal") {
    const number = subject === undefined ? undefined : parseAppealNumber(subject);
    return number ? { number } : undefined;
  }
  if (subject === undefined) return {};
  const page = kind === "page" ? /^p(\d{1,3})$/.exec(subject)?.[1] : undefined;
  return page === undefined ? undefined : { listPage: Number(page) };
}

/** True inside a journey with answers so far (not the menu, the welcome or the language choice). */
function isJourney(move: Move): boolean {
  const { flowId, data } = move.conversation;
  const outside: readonly string[] = [builtInFlows.menu, builtInFlows.welcome, "language"];
  return !outside.includes(flowId) && Object.keys(data).length > 0;
}

function isStaleDraft(move: Move, context: StepContext): boolean {
  return isJourney(move) && context.now.getTime() - move.conversation.updatedAt.getTime() > resumeAfterMs;
}

function newConversation(id: string, context: StepContext): Conversation {
  return {
    id,
    flowId: builtInFlows.welcome,
    flowVersion: 0,
    nodeId: "",
    startedBy: null,
    data: {},
    trail: [],
    returnTo: null,
    returnAt: null,
    page: 0,
    language: null,
    consented: false,
    pending: null,
    handledKeys: [],
    updatedAt: context.now,
    version: 0,
  };
}

function hintOf(context: StepContext): string {
  return hintedLanguage(context.sender) ?? "none";
}
