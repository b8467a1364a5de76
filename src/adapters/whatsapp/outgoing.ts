import { proto, type AnyMessageContent } from "@whiskeysockets/baileys";
import type { AttachmentRef } from "../../core/appeal/appeal.js";
import { DeliveryError, type SendReport } from "../../core/ports/channel-sender.js";

/** How soon a message that could not be sent from this process is offered to the workers again. */
const elsewhereRetryMs = 15_000;
import { isMediaUnavailable, type MediaFile, type MediaSource } from "../../core/ports/media-source.js";
import type { WhatsAppSentMessages } from "../../core/ports/whatsapp-sent-messages.js";
import type { Outbound } from "../../core/outbound.js";
import type { LogRef } from "../../core/log-ref.js";
import type { Logger } from "../../logger.js";
import { errorMessage } from "../describe-error.js";
import type { NumberedMenus } from "./numbered-menus.js";
import type { Pacer } from "./pacer.js";
import { renderOutbound } from "./render-outbound.js";
import type { WhatsAppSocket } from "./socket.js";

/** What sending needs: the current socket, the pacing, and where sent messages and menus are kept. */
export type OutgoingOptions = Readonly<{
  /** The open socket, or undefined while there is none. */
  socket: () => WhatsAppSocket | undefined;
  pacer: Pacer;
  sentMessages: WhatsAppSentMessages;
  menus: NumberedMenus;
  /** Opens the files an official attached to an answer, whichever channel holds them. */
  attachments: MediaSource;
  log: Logger;
  /** Citizens' addresses as logged. */
  logRef: LogRef;
  now: () => Date;
}>;

/** One batch of messages for one chat: a turn's replies or a notification. */
export type OutgoingBatch = Readonly<{
  /** Where to write: the JID the citizen last wrote from. */
  jid: string;
  citizenId: string;
  messages: readonly Outbound[];
  /** The notification these messages carry, kept with each sent message for a late failure. */
  deliveryRef?: string | undefined;
}>;

/**
 * Sends messages to one chat as WhatsApp texts (menus as numbered lines), then the
 * files attached to each, paced, keeping every sent message for `getMessage` and
 * the menu shown last for a typed number.
 */
export class OutgoingMessages {
  constructor(private readonly options: OutgoingOptions) {}

  /**
   * Rejects with a DeliveryError: `elsewhere` when there is no socket here, `transient` when a send fails.
   * A file gone for good is left out and counted: failing would send the text again on every retry.
   */
  async send(batch: OutgoingBatch): Promise<SendReport> {
    let unavailableFiles = 0;
    for (const message of batch.messages) {
      for (const text of renderOutbound(message)) await this.sendOne(batch, { text });
      for (const attachment of message.attachments ?? []) {
        const file = await this.options.attachments.open(attachment).catch((error: unknown) => {
          if (isMediaUnavailable(error)) return undefined;
          throw error;
        });
        if (file) await this.sendOne(batch, contentOf(attachment, file));
        else unavailableFiles += 1;
      }
    }
    try {
      await this.options.menus.remember(batch.citizenId, batch.messages);
    } catch (error) {
      // Without the menu a typed number reaches the engine as text, which asks again.
      this.options.log.warn({ citizen: this.options.logRef(batch.citizenId), problem: errorMessage(error) }, "WhatsApp menu not remembered");
    }
    return { unavailableFiles };
  }

  private async sendOne(batch: OutgoingBatch, content: AnyMessageContent): Promise<void> {
    const sent = await this.options.pacer.run(batch.jid, async () => {
      const socket = this.options.socket();
      // Another process may own the socket, or this one is reconnecting: either way, not a failed attempt.
      if (!socket) throw new DeliveryError("elsewhere", "WhatsApp is not connected in this process", elsewhereRetryMs);
      try {
        return await socket.sendMessage(batch.jid, content);
      } catch (error) {
        // Baileys' errors can carry the message; only what went wrong goes on.
        throw new DeliveryError("transient", `WhatsApp did not take the message: ${errorMessage(error)}`);
      }
    });
    const id = sent?.key.id;
    if (!id || !sent.message) return;
    try {
      const content = proto.Message.encode(sent.message).finish();
      await this.options.sentMessages.record({ id, citizenId: batch.citizenId, content, deliveryRef: batch.deliveryRef, sentAt: this.options.now() });
    } catch (error) {
      // The message went out: failing now would send it twice on a retry.
      this.options.log.warn({ citizen: this.options.logRef(batch.citizenId), messageId: id, problem: errorMessage(error) }, "sent WhatsApp message not recorded");
    }
  }
}

/** A photo goes as a picture; anything else as a document with its name, which every phone can open or save. */
function contentOf(attachment: AttachmentRef, file: MediaFile): AnyMessageContent {
  const data = Buffer.from(file.data);
  const mimetype = file.mimeType ?? attachment.mimeType;
  if (attachment.kind === "photo" && mimetype?.startsWith("image/")) return { image: data, mimetype };
  return { document: data, mimetype: mimetype ?? "application/octet-stream", fileName: file.fileName };
}
