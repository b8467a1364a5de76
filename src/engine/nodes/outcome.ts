import type { Language } from "../../core/appeal/appeal.js";
import type { Inbound } from "../../core/inbound.js";
import type { Conversation, SavedValue } from "../../core/ports/conversation-store.js";
import type { Effect, Message, Params } from "../effects.js";
import type { FlowNode } from "../flow-schema.js";
import type { StepContext } from "../step-context.js";

/** What a node that waits for the citizen makes of one message. */
export type Outcome =
  /** Accepted: save these values and go on (to `to`, or the node's `next`). */
  | Readonly<{ type: "advance"; save: Readonly<Record<string, SavedValue>>; to?: string; returnHere?: boolean; returnAt?: string; ack?: string; params?: Params }>
  /** Not what was asked: say why, briefly, and ask again. */
  | Readonly<{ type: "retry"; hint: string; params?: Params }>
  /** Stay on this node with these values saved (another photo, another page) and ask again. */
  | Readonly<{ type: "stay"; save?: Readonly<Record<string, SavedValue>>; page?: number; ack?: string; params?: Params }>;

/** The view a node handler gets of the conversation. */
export type NodeView = Readonly<{ context: StepContext; conversation: Conversation; language: Language }>;

/** A node that asks something and waits for the answer. */
export type InputHandler<N extends FlowNode> = Readonly<{
  prompt: (node: N, view: NodeView) => Message;
  answer: (node: N, view: NodeView, inbound: Inbound) => Outcome;
  /** An answer known without asking (a phone the channel vouches for, a list with nothing to pick). */
  preanswer?: (node: N, view: NodeView) => Outcome | undefined;
}>;

/** What a node that does not wait leads to after it ran. */
export type AutoResult = Readonly<{
  effects: readonly Effect[];
  /** The next node of this flow, another flow, or the end of this flow. */
  to: Readonly<{ node: string }> | Readonly<{ flow: string }> | Readonly<{ end: true }>;
}>;
