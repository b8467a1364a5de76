import { WAMessageStatus, type BaileysEventMap } from "@whiskeysockets/baileys";
import type { LogRef } from "../../core/log-ref.js";
import type { WhatsAppSentMessages } from "../../core/ports/whatsapp-sent-messages.js";
import type { Logger } from "../../logger.js";
import { describeError } from "../describe-error.js";

/** A message WhatsApp took at first and reported failed later. */
export type SendFailure = Readonly<{
  citizenId: string;
  messageId: string;
  /** What the sender was given with the notification; undefined for a dialogue reply. */
  deliveryRef: string | undefined;
  /** WhatsApp's error code and words, e.g. `463` or `463 account restricted`. */
  failure: string;
  at: Date;
}>;

/** Where failures are recorded and who is told. */
export type FailureWatchOptions = Readonly<{
  sentMessages: WhatsAppSentMessages;
  onSendFailed: (failure: SendFailure) => void | Promise<void>;
  log: Logger;
  logRef: LogRef;
  now: () => Date;
}>;

/**
 * Records the failures in one `messages.update`: `sendMessage` resolves once the
 * server has the message, and a refusal (an error in its ack) comes afterwards as
 * status ERROR. Each failure of a message Estu sent is recorded once and reported.
 */
export async function recordSendFailures(updates: BaileysEventMap["messages.update"], options: FailureWatchOptions): Promise<void> {
  for (const { key, update } of updates) {
    if (update.status !== WAMessageStatus.ERROR || !key.id) continue;
    const parameters: unknown[] = Array.isArray(update.messageStubParameters) ? update.messageStubParameters : [];
    const failure = parameters.map(String).join(" ") || "unknown";
    try {
      const at = options.now();
      const sent = await options.sentMessages.markFailed(key.id, failure, at);
      if (!sent) continue;
      options.log.warn({ citizen: options.logRef(sent.citizenId), messageId: key.id, failure, notification: sent.deliveryRef !== undefined }, "WhatsApp reported a sent message failed");
      await options.onSendFailed({ citizenId: sent.citizenId, messageId: key.id, deliveryRef: sent.deliveryRef, failure, at });
    } catch (error) {
      options.log.error({ messageId: key.id, failure, error: describeError(error) }, "a WhatsApp send failure could not be recorded");
    }
  }
}
