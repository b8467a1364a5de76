/** A message Estu sent on WhatsApp, kept so that the socket can send it again and a late failure finds its delivery. */
export type SentWhatsAppMessage = Readonly<{
  /** WhatsApp's message id. */
  id: string;
  citizenId: string;
  /** The message as WhatsApp's protobuf bytes. */
  content: Uint8Array;
  /** The notification this message carried, as the caller named it; undefined for a dialogue reply. */
  deliveryRef: string | undefined;
  sentAt: Date;
}>;

/** The messages Estu sent on WhatsApp, by id. */
export interface WhatsAppSentMessages {
  record(message: SentWhatsAppMessage): Promise<void>;
  /** The bytes of a sent message, for a recipient's phone that asks for it again. */
  content(id: string): Promise<Uint8Array | undefined>;
  /**
   * Marks a message failed, once: returns it the first time, undefined when it is
   * not Estu's or was marked already (WhatsApp may report one failure twice).
   */
  markFailed(id: string, failure: string, at: Date): Promise<SentWhatsAppMessage | undefined>;
  /** Forgets messages sent before `date`: a phone asks again within minutes, not weeks. */
  purgeSentBefore(date: Date): Promise<void>;
}
