// A stand-in for Baileys' socket: it emits Baileys' own event shapes (connection.update
// with a Boom-like close error, messages.upsert, messages.update, creds.update) when a
// test tells it to, and records what Estu sends. No network, no WhatsApp account.
import { EventEmitter } from "node:events";
import { proto, WAMessageStatus, type AnyMessageContent, type AuthenticationCreds, type BaileysEventMap, type WAMessage } from "@whiskeysockets/baileys";
import type { MakeSocket, SocketOptions, WhatsAppSocket } from "../../src/adapters/whatsapp/socket.js";

/** What Baileys closes a connection with: a Boom error carrying the status code. */
export function boom(statusCode: number, message = `closed with ${statusCode}`): Error {
  return Object.assign(new Error(message), { isBoom: true, output: { statusCode, payload: { statusCode, error: message, message }, headers: {} } });
}

/** Baileys' typed event emitter, on Node's. */
class FakeEvents {
  private readonly emitter = new EventEmitter();

  on<T extends keyof BaileysEventMap>(event: T, listener: (arg: BaileysEventMap[T]) => void): void {
    this.emitter.on(event, listener);
  }

  emit<T extends keyof BaileysEventMap>(event: T, arg: BaileysEventMap[T]): void {
    this.emitter.emit(event, arg);
  }
}

/** One message Estu sent, as the fake socket recorded it. */
export type SentRecord = Readonly<{ jid: string; content: AnyMessageContent; id: string; socket: number }>;

/** One fake socket; the world it belongs to keeps what all its sockets sent. */
export class FakeBaileysSocket implements WhatsAppSocket {
  readonly ev = new FakeEvents();
  ended = false;
  readonly pairingRequests: string[] = [];
  private sends = 0;

  constructor(
    readonly options: SocketOptions,
    readonly serial: number,
    private readonly world: FakeWhatsApp,
  ) {}

  async sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined> {
    if (this.ended) throw boom(428, "Connection Closed");
    const refusal = this.world.refusals.shift();
    if (refusal) throw refusal;
    this.sends += 1;
    const id = `3EB0F${this.serial}${String(this.sends).padStart(4, "0")}`;
    this.world.sent.push({ jid, content, id, socket: this.serial });
    return { key: { remoteJid: jid, fromMe: true, id }, message: protoOf(content), messageTimestamp: Math.floor(this.world.clock() / 1_000), status: WAMessageStatus.PENDING };
  }

  async downloadMedia(message: WAMessage): Promise<Buffer> {
    const data = this.world.media.get(message.key.id ?? "");
    if (!data) throw boom(404, "media gone");
    return data;
  }

  async requestPairingCode(phoneDigits: string): Promise<string> {
    this.pairingRequests.push(phoneDigits);
    return "ESTU2345";
  }

  async end(error: Error | undefined): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error, date: new Date() } });
  }

  // What WhatsApp does, on the test's cue.

  open(): void {
    this.ev.emit("connection.update", { connection: "open", receivedPendingNotifications: true });
  }

  /** WhatsApp closes the connection with this status code (DisconnectReason). */
  close(statusCode: number): void {
    this.ended = true;
    this.ev.emit("connection.update", { connection: "close", lastDisconnect: { error: boom(statusCode), date: new Date() } });
  }

  qr(text: string): void {
    this.ev.emit("connection.update", { qr: text });
  }

  /** Pairing succeeded: Baileys writes the account into the credentials, announces them, and WhatsApp asks for a restart. */
  paired(account: Partial<AuthenticationCreds>): void {
    Object.assign(this.options.auth.creds, account);
    this.ev.emit("creds.update", account);
    this.ev.emit("connection.update", { isNewLogin: true });
  }

  receive(messages: WAMessage[], type: "notify" | "append" = "notify"): void {
    this.ev.emit("messages.upsert", { messages, type });
  }

  /** The server's late refusal of a sent message, as Baileys reports an error in its ack. */
  reportFailure(sent: SentRecord, code = "463"): void {
    this.ev.emit("messages.update", [{ key: { remoteJid: sent.jid, fromMe: true, id: sent.id }, update: { status: WAMessageStatus.ERROR, messageStubParameters: [code] } }]);
  }
}

/** The fake WhatsApp: makes sockets, keeps every send and the files citizens' phones uploaded. */
export class FakeWhatsApp {
  readonly sockets: FakeBaileysSocket[] = [];
  readonly sent: SentRecord[] = [];
  /** Media bytes by message id, for `downloadMedia`. */
  readonly media = new Map<string, Buffer>();
  /** Errors the next sends throw, one each. */
  readonly refusals: Error[] = [];

  /**
   * @param autoOpen open every new socket right away, as a linked session does
   * @param clock the time on sent messages
   */
  constructor(
    private readonly autoOpen = true,
    readonly clock: () => number = () => Date.now(),
  ) {}

  readonly makeSocket: MakeSocket = (options) => {
    const socket = new FakeBaileysSocket(options, this.sockets.length + 1, this);
    this.sockets.push(socket);
    // Baileys reports "connecting" from its constructor and "open" once logged in.
    setImmediate(() => {
      socket.ev.emit("connection.update", { connection: "connecting" });
      if (this.autoOpen) socket.open();
    });
    return socket;
  };

  /** The newest socket. */
  get socket(): FakeBaileysSocket {
    const socket = this.sockets.at(-1);
    if (!socket) throw new Error("no socket was made yet");
    return socket;
  }

  /** Texts sent to `jid`, in order. */
  textsTo(jid: string): string[] {
    return this.sent.filter((record) => record.jid === jid && "text" in record.content).map((record) => (record.content as { text: string }).text);
  }
}

/** The protobuf a real socket would have built for this content (only what Estu sends). */
function protoOf(content: AnyMessageContent): proto.IMessage {
  if ("text" in content) return proto.Message.fromObject({ extendedTextMessage: { text: content.text } });
  if ("image" in content) return proto.Message.fromObject({ imageMessage: { mimetype: content.mimetype ?? "image/jpeg" } });
  if ("document" in content) return proto.Message.fromObject({ documentMessage: { mimetype: content.mimetype, fileName: content.fileName ?? "" } });
  throw new Error("the fake socket sends texts, images and documents only");
}

let messageSerial = 0;

/** A citizen's message as Baileys hands it over: `from` is the chat's JID, `alt` the account's other JID. */
export function incoming(from: string, message: proto.IMessage, options: Readonly<{ alt?: string; id?: string; at?: number }> = {}): WAMessage {
  messageSerial += 1;
  const id = options.id ?? `ACF${String(messageSerial).padStart(8, "0")}`;
  return {
    key: { remoteJid: from, fromMe: false, id, ...(options.alt ? { remoteJidAlt: options.alt } : {}) },
    message,
    messageTimestamp: Math.floor((options.at ?? Date.now()) / 1_000),
    pushName: "Citizen",
  };
}

/** Typed text, as WhatsApp sends it. */
export function typed(from: string, text: string, options?: Parameters<typeof incoming>[2]): WAMessage {
  return incoming(from, { conversation: text }, options);
}
