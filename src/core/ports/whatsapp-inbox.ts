/** A WhatsApp message as received, kept before it is handled. */
export type KeptInbound = Readonly<{
  /** Stable per message: the chat's JID and WhatsApp's message id. */
  id: string;
  /** The message as the channel serialised it; opaque here. */
  raw: string;
  receivedAt: Date;
}>;

/** Whether a message was new to the inbox, kept but not handled yet, or handled already. */
export type KeepOutcome = "new" | "pending" | "handled";

/**
 * WhatsApp's durable inbox: Baileys acknowledges a message as soon as it is decrypted, so
 * WhatsApp never sends it again; keeping it first means a crash or a storage failure while
 * handling it leaves it here to be handled later instead of losing it.
 */
export interface WhatsAppInbox {
  keep(message: KeptInbound): Promise<KeepOutcome>;
  /** Marks a message handled and forgets its content (it may hold personal data). */
  markHandled(id: string, at: Date): Promise<void>;
  /** Messages kept since `since` and not handled, oldest first. */
  unhandled(since: Date, limit: number): Promise<KeptInbound[]>;
  /** Forgets the messages handled before `before`, and stops looking for those received before it and never handled (past retrying). */
  purge(before: Date): Promise<void>;
}
