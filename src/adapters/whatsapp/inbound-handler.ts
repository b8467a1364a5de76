import { normalizeMessageContent, type BaileysEventMap, type WAMessage } from "@whiskeysockets/baileys";
import type { AttachmentRef } from "../../core/appeal/appeal.js";
import type { Inbound } from "../../core/inbound.js";
import type { LogRef } from "../../core/log-ref.js";
import type { MediaArchive } from "../../core/ports/media-archive.js";
import type { WhatsAppAddressBook } from "../../core/ports/whatsapp-address-book.js";
import type { Dialogue, InboundEnvelope } from "../../dialogue/envelope.js";
import type { Logger } from "../../logger.js";
import type { ChatSerializer } from "../telegram/chat-serializer.js";
import { citizenIdOf } from "./citizen-address.js";
import { describeError } from "../describe-error.js";
import type { NumberedMenus } from "./numbered-menus.js";
import type { OutgoingMessages } from "./outgoing.js";
import type { WhatsAppSocket } from "./socket.js";
import { toEnvelope } from "./to-inbound.js";

/** What handling a citizen's message needs. */
export type InboundHandlerOptions = Readonly<{
  dialogue: Dialogue;
  addresses: WhatsAppAddressBook;
  /** One chat's messages one at a time, in order. */
  chats: ChatSerializer;
  menus: NumberedMenus;
  outgoing: OutgoingMessages;
  /** Where received files are kept: WhatsApp's media links expire. */
  media: MediaArchive;
  log: Logger;
  /** Citizens' addresses as logged. */
  logRef: LogRef;
  now: () => Date;
}>;

/** A message with the citizen it belongs to, ready for its chat's turn. */
type Prepared = Readonly<{ message: WAMessage; envelope: InboundEnvelope; replyTo: string }>;

/**
 * Turns `messages.upsert` into dialogue turns: each new message becomes an envelope
 * under the citizen's canonical address, its file is stored, the dialogue answers,
 * and the replies go back to the JID the message came from. A message delivered
 * twice is recognised by the dialogue by its key and answered with nothing.
 */
export class InboundHandler {
  /** Messages are matched to citizens one at a time, so a chat's messages enter its queue in arrival order. */
  private intake: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly options: InboundHandlerOptions) {}

  /** Takes one `messages.upsert`; `notify` is what arrived live, `append` is history and the account's own sends. */
  accept(socket: WhatsAppSocket, event: BaileysEventMap["messages.upsert"]): void {
    if (event.type !== "notify") return;
    for (const message of event.messages) {
      const receivedAt = this.options.now();
      this.intake = this.intake.then(() => this.enqueue(socket, message, receivedAt));
    }
  }

  /** Resolves when every message taken so far has been handled. */
  async settled(): Promise<void> {
    await this.intake;
    await Promise.allSettled([...this.running]);
  }

  private async enqueue(socket: WhatsAppSocket, message: WAMessage, receivedAt: Date): Promise<void> {
    let prepared: Prepared | undefined;
    try {
      prepared = await this.prepare(message, receivedAt);
    } catch (error) {
      this.options.log.error({ messageId: message.key.id, error: describeError(error) }, "a WhatsApp message could not be matched to its citizen");
      return;
    }
    if (!prepared) return;
    const { envelope } = prepared;
    const turn = this.options.chats
      .run(envelope.citizenId, () => this.handle(socket, prepared))
      .catch((error: unknown) => this.options.log.error({ citizen: this.options.logRef(envelope.citizenId), messageId: message.key.id, error: describeError(error) }, "a WhatsApp message could not be handled"));
    this.running.add(turn);
    void turn.finally(() => this.running.delete(turn));
  }

  private async prepare(message: WAMessage, receivedAt: Date): Promise<Prepared | undefined> {
    const translated = toEnvelope(message, receivedAt);
    if (!translated) return undefined;
    const { envelope, replyTo, alternateJid } = translated;
    const citizenId = citizenIdOf(await this.options.addresses.register(replyTo, alternateJid));
    // The key names the message under the citizen, whichever of the account's JIDs brought it.
    const key = `${citizenId}${envelope.key.slice(envelope.citizenId.length)}`;
    return { message, envelope: { ...envelope, key, citizenId, inbound: fileOfCitizen(envelope.inbound, citizenId) }, replyTo };
  }

  private async handle(socket: WhatsAppSocket, { message, envelope, replyTo }: Prepared): Promise<void> {
    if (envelope.inbound.type === "media") await this.keepFile(socket, message, envelope.inbound.attachment, envelope.citizenId);
    const inbound = await this.options.menus.read(envelope.citizenId, envelope.inbound).catch((error: unknown) => {
      this.options.log.warn({ citizen: this.options.logRef(envelope.citizenId), error: describeError(error) }, "WhatsApp menu not read; the reply goes to the dialogue as typed");
      return envelope.inbound;
    });
    const replies = await this.options.dialogue.handle({ ...envelope, inbound });
    if (replies.length > 0) await this.options.outgoing.send({ jid: replyTo, citizenId: envelope.citizenId, messages: replies });
  }

  /**
   * Downloads the file now, while WhatsApp still has it, unless a first delivery
   * of the message already did. A failure is logged and the message goes on: the
   * citizen's text and the appeal matter more than one file.
   */
  private async keepFile(socket: WhatsAppSocket, message: WAMessage, attachment: AttachmentRef, citizenId: string): Promise<void> {
    try {
      if (await this.options.media.has(attachment.fileId)) return;
      const data = await socket.downloadMedia(message);
      await this.options.media.put(attachment.fileId, { data, fileName: fileNameOf(message, attachment), mimeType: attachment.mimeType });
    } catch (error) {
      this.options.log.warn({ citizen: this.options.logRef(citizenId), messageId: message.key.id, error: describeError(error) }, "a WhatsApp file could not be downloaded; the message goes on without it");
    }
  }
}

/** The name a document was sent with; for a photo or a recording, its kind, id and the extension of its type. */
function fileNameOf(message: WAMessage, attachment: AttachmentRef): string {
  const sentName = normalizeMessageContent(message.message)?.documentMessage?.fileName;
  if (sentName) return sentName;
  const extension = attachment.mimeType?.split(";")[0]?.split("/")[1];
  return `${attachment.kind}-${message.key.id ?? "file"}${extension ? `.${extension}` : ""}`;
}

/**
 * A file is stored under its citizen and message id: the sender chooses the message id, so by
 * the id alone one citizen could make another's file open as theirs (or keep it from being stored).
 */
function fileOfCitizen(inbound: Inbound, citizenId: string): Inbound {
  if (inbound.type !== "media") return inbound;
  return { ...inbound, attachment: { ...inbound.attachment, fileId: `${citizenId}/${inbound.attachment.fileId}` } };
}
