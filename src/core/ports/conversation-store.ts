/**
 * A citizen's place in a dialogue, stored so that it survives restarts and a reply
 * hours later. `version` guards against two processes writing one conversation.
 */
export type Conversation = Readonly<{
  /** The citizen's channel address, e.g. `telegram:12345`. */
  id: string;
  flowId: string;
  /** The version of the flow the conversation started on. */
  flowVersion: number;
  nodeId: string;
  /** Values collected so far, keyed by the flow's `save_as` names. */
  data: Readonly<Record<string, unknown>>;
  updatedAt: Date;
  version: number;
}>;

export type SaveResult = Readonly<{ ok: true; conversation: Conversation }> | Readonly<{ ok: false; reason: "stale" }>;

/** Conversations by citizen address. */
export interface ConversationStore {
  load(id: string): Promise<Conversation | undefined>;
  /** Saves if the stored version is still `conversation.version` (or absent when 0). */
  save(conversation: Conversation): Promise<SaveResult>;
  delete(id: string): Promise<void>;
}
