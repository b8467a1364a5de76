import type { Language } from "../appeal/appeal.js";
import type { Outbound } from "../outbound.js";

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
  /**
   * What the last turns answered, by message key: saved with the key, so a message redelivered
   * after a crash between saving and sending gets its answer again instead of nothing.
   * Absent in conversations saved before answers were kept.
   */
  keptReplies?: readonly KeptReplies[];
  /** The coupon of the last appeal submitted here, shown again when its summary's "confirm" is tapped once more. */
  lastCoupon?: readonly Outbound[] | null;
  updatedAt: Date;
  version: number;
}>;

/** One turn's answer, kept under the key of the message it answered. */
export type KeptReplies = Readonly<{ key: string; replies: readonly Outbound[] }>;

export type SaveResult = Readonly<{ ok: true; conversation: Conversation }> | Readonly<{ ok: false; reason: "stale" }>;

/** Conversations by citizen address. */
export interface ConversationStore {
  load(id: string): Promise<Conversation | undefined>;
  /** Saves if the stored version is still `conversation.version` (or absent when 0). */
  save(conversation: Conversation): Promise<SaveResult>;
}
