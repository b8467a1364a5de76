import type { AnyMessageContent, AuthenticationState, BaileysEventEmitter, WAMessage, WAMessageKey, proto } from "@whiskeysockets/baileys";

/**
 * What Estu uses of a Baileys socket: its events and four calls. Production wraps
 * `makeWASocket` (see `baileys-socket.ts`); tests use a fake that emits Baileys'
 * own event shapes.
 */
export type WhatsAppSocket = Readonly<{
  ev: Pick<BaileysEventEmitter, "on">;
  /** Resolves with the sent message once WhatsApp's server took it; a failure may still come later in `messages.update`. */
  sendMessage(jid: string, content: AnyMessageContent): Promise<WAMessage | undefined>;
  /** The decrypted bytes of a received photo, voice message, video or document. */
  downloadMedia(message: WAMessage): Promise<Buffer>;
  /** Asks WhatsApp for a code to type on the phone (Linked devices → Link with phone number). */
  requestPairingCode(phoneDigits: string): Promise<string>;
  /** Closes the socket; it emits a last `connection.update` with `connection: "close"`. */
  end(error: Error | undefined): Promise<void>;
}>;

/** What a new socket is made with. */
export type SocketOptions = Readonly<{
  /** The stored session; a production socket puts a cache in front of its keys. */
  auth: AuthenticationState;
  /** A message Estu sent, for a phone that could not decrypt it and asks again. */
  getMessage: (key: WAMessageKey) => Promise<proto.IMessage | undefined>;
}>;

/** Opens a new socket; it starts connecting at once and reports through `connection.update`. */
export type MakeSocket = (options: SocketOptions) => WhatsAppSocket;
