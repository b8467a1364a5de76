import type { Conversation, SavedValue } from "../core/ports/conversation-store.js";
import type { Effect, Message } from "./effects.js";
import type { Flow } from "./flow-schema.js";
import { isAutoNode, runAutoNode } from "./nodes/auto.js";
import { inputHandler, type InputNode } from "./nodes/input-handlers.js";
import type { NodeView, Outcome } from "./nodes/outcome.js";
import { speakingLanguage } from "./speaking-language.js";
import { builtInFlows, type StepContext } from "./step-context.js";

/** The most nodes one message may pass through; a well-formed flow needs far fewer. */
const maxHops = 64;

/** A conversation being moved along, and what the citizen will see. */
export type Move = { conversation: Conversation; effects: Effect[]; hops: number };

export function viewOf(move: Move, context: StepContext): NodeView {
  return { context, conversation: move.conversation, language: speakingLanguage(move.conversation.language, context.sender) };
}

export function send(move: Move, message: Message): void {
  move.effects.push({ type: "send", message });
}

/** The current node's question again (after a hint, a page turn, a help text). */
export function repeatQuestion(move: Move, context: StepContext): void {
  const node = currentFlow(move, context)?.nodes[move.conversation.nodeId];
  if (!node || isAutoNode(node)) return enterFlow(move, context, builtInFlows.menu);
  ask(move, context, node);
}

/** Sends a node's question, unless its answer is already known (then goes on without asking). */
function ask(move: Move, context: StepContext, node: InputNode): void {
  const handler = inputHandler(node);
  const known = handler.preanswer?.(node, viewOf(move, context));
  if (known?.type === "advance") {
    if (known.ack) send(move, { text: { key: known.ack, ...(known.params ? { params: known.params } : {}) } });
    return onAdvance(move, context, known, node.next, { remember: false });
  }
  send(move, handler.prompt(node, viewOf(move, context)));
}

export function currentFlow(move: Move, context: StepContext): Flow | undefined {
  return context.flows[move.conversation.flowId];
}

/** Starts a flow from its first node, with fresh saved values (and `seed`). */
export function enterFlow(move: Move, context: StepContext, flowId: string, seed: Readonly<Record<string, SavedValue>> = {}): void {
  const flow = context.flows[flowId] ?? context.flows[builtInFlows.menu];
  if (!flow) throw new Error(`no flow '${flowId}' and no menu flow`);
  if (flow.needs_consent && !move.conversation.consented) {
    send(move, { text: { key: "common:consent.required" } });
    // Once the citizen agrees, they go on to where they were going, with the same appeal.
    return enterFlow(move, context, "consent", { ...seed, afterConsent: flow.id });
  }
  placeInFlow(move, context, flow, seed);
  enterNode(move, context, flow.start);
}

/**
 * Puts the conversation at a flow's first node without asking its question, so that
 * the message in hand answers it (a reply typed right after a clarification request).
 */
export function placeInFlow(move: Move, context: StepContext, flow: Flow, seed: Readonly<Record<string, SavedValue>>): void {
  move.conversation = {
    ...move.conversation,
    flowId: flow.id,
    flowVersion: flow.version,
    startedBy: context.messageKey,
    data: { ...seed },
    trail: [],
    returnTo: null,
    returnAt: null,
    nodeId: flow.start,
    page: 0,
    pending: null,
  };
}

/**
 * Values that travel with the citizen from flow to flow until a flow uses them: what
 * they sent before being asked (free text or a photo at the menu or as the very first
 * message), and, on a detour through consent, where they were going and the appeal a
 * button named.
 */
export function carriedSeed(data: Readonly<Record<string, SavedValue>>): Record<string, SavedValue> {
  const fields = typeof data["afterConsent"] === "string" ? ["afterConsent", "number", "carriedText", "carriedMedia"] : ["carriedText", "carriedMedia"];
  const seed: Record<string, SavedValue> = {};
  for (const field of fields) {
    const value = data[field];
    if (value !== undefined && value !== null) seed[field] = value;
  }
  return seed;
}

/**
 * Moves to a node: nodes that do not wait run at once (saying, branching, asking
 * the host to act) until one asks the citizen something, whose question is sent.
 */
export function enterNode(move: Move, context: StepContext, target: string): void {
  move.hops += 1;
  const { returnTo, returnAt } = move.conversation;
  // An edit from a summary that reached the point where it rejoins the path goes back to the summary.
  const rejoined = returnTo !== null && returnAt === target;
  const nodeId = rejoined ? returnTo : target;
  if (rejoined) move.conversation = { ...move.conversation, returnTo: null, returnAt: null };
  const node = currentFlow(move, context)?.nodes[nodeId];
  if (!node || move.hops > maxHops) {
    send(move, { text: { key: "common:error.dead_end" } });
    if (move.conversation.flowId === builtInFlows.menu) return;
    return enterFlow(move, context, builtInFlows.menu);
  }
  move.conversation = { ...move.conversation, nodeId, page: 0 };
  if (!isAutoNode(node)) return ask(move, context, node);

  const result = runAutoNode(node, viewOf(move, context));
  move.effects.push(...result.effects);
  applyAutoEffects(move, result.effects);
  if ("node" in result.to) return enterNode(move, context, result.to.node);
  if ("flow" in result.to) return enterFlow(move, context, result.to.flow, carriedSeed(move.conversation.data));
  // A flow that ends leads on to where consent was asked for, or back to the menu: there is always a way on.
  const { afterConsent, ...rest } = carriedSeed(move.conversation.data);
  if (typeof afterConsent === "string" && move.conversation.consented) return enterFlow(move, context, afterConsent, rest);
  enterFlow(move, context, builtInFlows.menu);
}

/**
 * Saves an accepted answer and goes on: to the summary the citizen came from, to the
 * answer's route, or to the node's `next`. A remembered node is where "back" returns.
 */
export function onAdvance(move: Move, context: StepContext, outcome: Extract<Outcome, { type: "advance" }>, next: string | undefined, options: { remember: boolean }): void {
  const here = move.conversation.nodeId;
  const { returnTo, returnAt, trail } = move.conversation;
  const backNow = returnTo !== null && returnAt === null && !outcome.returnHere;
  const target = backNow ? returnTo : (outcome.to ?? next);
  move.conversation = {
    ...move.conversation,
    data: { ...move.conversation.data, ...outcome.save },
    trail: options.remember ? [...trail, here] : trail,
    returnTo: outcome.returnHere ? here : backNow ? null : returnTo,
    returnAt: outcome.returnHere ? (outcome.returnAt ?? null) : backNow ? null : returnAt,
  };
  if (!target) return enterFlow(move, context, builtInFlows.menu);
  enterNode(move, context, target);
}

/** What the engine itself keeps of the effects it asked for: the language, and whether consent stands. */
function applyAutoEffects(move: Move, effects: readonly Effect[]): void {
  let conversation = move.conversation;
  for (const effect of effects) {
    if (effect.type === "set_language") conversation = { ...conversation, language: effect.language };
    if (effect.type === "action" && effect.action === "record_consent") conversation = { ...conversation, consented: true };
    if (effect.type === "action" && effect.action === "forget_citizen") conversation = { ...conversation, consented: false };
  }
  move.conversation = conversation;
}
