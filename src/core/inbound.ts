/**
 * A citizen's message, channel-neutral. Adapters build it from a Telegram update,
 * a WhatsApp message or the simulator; the dialogue engine reads only this.
 */
import type { AttachmentRef } from "./appeal/appeal.js";

export type Inbound =
  /** Typed text (or a caption). */
  | Readonly<{ type: "text"; text: string }>
  /** A button press: the short ASCII id the engine put on the button. */
  | Readonly<{ type: "choice"; payload: string }>
  /** A shared contact; `own` when the platform vouches it is the sender's own number. */
  | Readonly<{ type: "contact"; phone: string; own: boolean }>
  | Readonly<{ type: "location"; latitude: number; longitude: number }>
  | Readonly<{ type: "media"; attachment: AttachmentRef; caption?: string }>
  /** Something Estu cannot read: a sticker, a poll, a game. */
  | Readonly<{ type: "unsupported"; what: string }>
  /** The first message of a chat or a restart (`/start`). */
  | Readonly<{ type: "start" }>;

/** Facts about the sender that the channel knows and the citizen need not type. */
export type SenderFacts = Readonly<{
  /** The platform's interface language, only a hint (many Kazakh speakers use a Russian interface). */
  languageHint?: string | undefined;
  /** A phone number the channel itself vouches for (a WhatsApp account is its number). */
  verifiedPhone?: string | undefined;
}>;
