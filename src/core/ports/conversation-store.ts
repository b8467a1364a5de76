import type { Language } from "../appeal/appeal.js";

/** A value the dialogue saved: text, a number, a list of attachment references, ... */
export type SavedValue = string | number | boolean | null | readonly SavedValue[] | { readonly [key: string]: SavedValue };

/**
 * A citizen's place in a dialogue, stored so that it survives restarts and a reply
 * hours later. `version` guards against two processes writing one conversation.
 */
export type Conversation = Readonly<{
  /** The citizen's channel address, e.g. `telegram:12345`. */
  id: string;
  flowId: string;
  /** The version of the flow the conversation started on; a changed flow restarts it politely. */
  flowVersion: number;
  nodeId: string;
  /** Key of the message that started this flow: identifies the draft, so a double tap submits it once. */
  startedBy: string | null;
  /** Values collected so far, keyed by the flow's `save_as` names. */
  data: Readonly<Record<string, SavedValue>>;
  /** Nodes visited in this flow, most recent last, so "back" can return. */
  trail: readonly string[];
  /** While the citizen edits one field from a summary, the summary to return to. */
  returnTo: string | null;
  /** The node where the edit rejoins the flow's path and the summary takes over; null: right after the edited answer. */
  returnAt: string | null;
  /** The page of a long list the citizen is looking at. */
  page: number;
  language: Language | null;
  /** The citizen agreed to personal-data processing (Law 94-V); flows that collect it need this. */
  consented: boolean;
  /** A question the engine asked outside the flow: continue a draft? which language (mid-flow)? throw the draft away? */
  pending: "resume" | "language" | "cancel" | null;
  /** Keys of the last messages handled, so a message delivered twice is handled once. */
  handledKeys: readonly string[];
  updatedAt: Date;
  version: number;
}>;

export type SaveResult = Readonly<{ ok: true; conversation: Conversation }> | Readonly<{ ok: false; reason: "stale" }>;

/** Conversations by citizen address. */
export interface ConversationStore {
  load(id: string): Promise<Conversation | undefined>;
  /** Saves if the stored version is still `conversation.version` (or absent when 0). */
  save(conversation: Conversation): Promise<SaveResult>;
}
