import { BufferJSON, type BaileysEventMap, type WAMessage } from "@whiskeysockets/baileys";
import type { AttachmentRef } from "../../core/appeal/appeal.js";
import type { Inbound } from "../../core/inbound.js";
import type { LogRef } from "../../core/log-ref.js";
import type { MediaArchive } from "../../core/ports/media-archive.js";
import type { WhatsAppAddressBook } from "../../core/ports/whatsapp-address-book.js";
import type { KeptInbound, WhatsAppInbox } from "../../core/ports/whatsapp-inbox.js";
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
  /** Where each message is kept before it is handled, so none is lost to a crash or a storage failure. */
  inbox: WhatsAppInbox;
  log: Logger;
  /** Citizens' addresses as logged. */
  logRef: LogRef;
  now: () => Date;
}>;

/** A message with the citizen it belongs to, ready for its chat's turn. */
type Prepared = Readonly<{ message: WAMessage; envelope: InboundEnvelope; replyTo: string }>;

/** How long a message that keeps failing is tried again from the inbox. */
const retryForMs = 24 * 60 * 60 * 1000;
/** How many kept messages one look at the inbox takes. */
const redeliveryBatch = 100;
/** How many handled ids a process remembers to keep a look at the inbox from taking them again. */
const recentlyHandled = 1_000;

/**
 * Turns `messages.upsert` into dialogue turns: each new message is first kept in the
 * inbox (WhatsApp will not send it again), then becomes an envelope under the citizen's
 * canonical address, its file is stored, the dialogue answers, the replies go back to
 * the JID the message came from, and the message is marked handled. What failed stays
 * in the inbox for `redeliver`, at start and now and then. A message delivered twice is
 * recognised by the inbox once handled, and by the dialogue by its key before.
 */
export class InboundHandler {
  /** Messages are matched to citizens one at a time, so a chat's messages enter its queue in arrival order. */
  private intake: Promise<void> = Promise.resolve();
  private readonly running = new Set<Promise<void>>();
  /** Inbox ids taken and not settled yet, so a look at the inbox does not take them twice. */
  private readonly inHand = new Set<string>();
  /** Inbox ids this process marked handled lately: a look at the inbox that began before the mark must not take them. */
  private readonly handledHere = new Set<string>();

  constructor(private readonly options: InboundHandlerOptions) {}

  /** Takes one `messages.upsert`; `notify` is what arrived live, `append` is history and the account's own sends. */
  accept(socket: WhatsAppSocket, event: BaileysEventMap["messages.upsert"]): void {
    if (event.type !== "notify") return;
    for (const message of event.messages) {
      const receivedAt = this.options.now();
      this.intake = this.intake.then(() => this.receive(socket, message, receivedAt));
    }
  }

  /** Takes the messages kept but not handled (a crash, a storage failure) that no turn holds now. */
  async redeliver(socket: WhatsAppSocket): Promise<void> {
    const since = new Date(this.options.now().getTime() - retryForMs);
    const kept = await this.options.inbox.unhandled(since, redeliveryBatch);
    for (const stored of kept.filter((candidate) => !this.inHand.has(candidate.id) && !this.handledHere.has(candidate.id))) {
      this.inHand.add(stored.id);
      this.intake = this.intake.then(() => this.enqueue(socket, JSON.parse(stored.raw, BufferJSON.reviver) as WAMessage, stored.receivedAt, stored.id));
    }
    await this.intake;
  }

  /** Resolves when every message taken so far has been handled. */
  async settled(): Promise<void> {
    await this.intake;
    await Promise.allSettled([...this.running]);
  }

  /** Keeps the message, then hands it on; one the inbox knows as handled (sent again by WhatsApp) is dropped. */
  private async receive(socket: WhatsAppSocket, message: WAMessage, receivedAt: Date): Promise<void> {
    const id = inboxIdOf(message);
    if (!id) return this.enqueue(socket, message, receivedAt, undefined);
    // Taken from the inbox already (WhatsApp sent it again meanwhile): that turn answers it.
    if (this.inHand.has(id)) return;
    // In hand before it is kept, so a look at the inbox meanwhile leaves it alone.
    this.inHand.add(id);
    try {
      const kept: KeptInbound = { id, raw: JSON.stringify(message, BufferJSON.replacer), receivedAt };
      if ((await this.options.inbox.keep(kept)) === "handled") {
        this.inHand.delete(id);
        return;
      }
    } catch (error) {
      // Storage is down: the message is handled from memory, and lost only if this process dies too.
      this.options.log.warn({ messageId: message.key.id, error: describeError(error) }, "a WhatsApp message could not be kept in the inbox; handling it anyway");
    }
    await this.enqueue(socket, message, receivedAt, id);
  }

  /** Hands a message to its chat's turn; `inboxId`, when given, is in hand until the turn settles. */
  private async enqueue(socket: WhatsAppSocket, message: WAMessage, receivedAt: Date, inboxId: string | undefined): Promise<void> {
    let prepared: Prepared | undefined;
    try {
      prepared = await this.prepare(message, receivedAt);
    } catch (error) {
      this.options.log.error({ messageId: message.key.id, error: describeError(error) }, "a WhatsApp message could not be matched to its citizen; it stays in the inbox");
      if (inboxId) this.inHand.delete(inboxId);
      return;
    }
    if (!prepared) {
      // Nothing for the dialogue (a reaction, a status): handled by being read.
      await this.markHandled(inboxId);
      if (inboxId) this.inHand.delete(inboxId);
      return;
    }
    const { envelope } = prepared;
    const turn = this.options.chats
      .run(envelope.citizenId, () => this.handle(socket, prepared))
      .then(() => this.markHandled(inboxId))
      .catch((error: unknown) =>
        this.options.log.error({ citizen: this.options.logRef(envelope.citizenId), messageId: message.key.id, error: describeError(error) }, "a WhatsApp message could not be handled; it stays in the inbox"),
      )
      .finally(() => void (inboxId && this.inHand.delete(inboxId)));
    this.running.add(turn);
    void turn.finally(() => this.running.delete(turn));
  }

  private async markHandled(inboxId: string | undefined): Promise<void> {
    if (!inboxId) return;
    this.handledHere.add(inboxId);
    if (this.handledHere.size > recentlyHandled) this.handledHere.delete(this.handledHere.values().next().value ?? "");
    // Not marked, it is handled again later: the dialogue recognises it and answers as the first time.
    await this.options.inbox.markHandled(inboxId, this.options.now()).catch((error: unknown) =>
      this.options.log.warn({ error: describeError(error) }, "a handled WhatsApp message could not be marked in the inbox"),
    );
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

/** The name a document was sent with (cleaned at the edge); for a photo or a recording, its kind, id and the extension of its type. */
function fileNameOf(message: WAMessage, attachment: AttachmentRef): string {
  if (attachment.fileName) return attachment.fileName;
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

/** The inbox id of a message: its chat and WhatsApp's id, stable across deliveries. */
function inboxIdOf(message: WAMessage): string | undefined {
  const { remoteJid, id } = message.key;
  return remoteJid && id ? `${remoteJid}:${id}` : undefined;
}
