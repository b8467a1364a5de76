import type { AttachmentRef } from "../core/appeal/appeal.js";
import type { Outbound } from "../core/outbound.js";

/** What an official did, channel-neutral: the admin bot and the simulator's console build it. */
export type AdminEvent =
  /** `/name argument`, e.g. `/start K7QM2X...` or `/find ALA-2026-000042`. */
  | Readonly<{ type: "command"; name: string; argument: string }>
  /** A button press with the data the console put on the button. */
  | Readonly<{ type: "button"; data: string }>
  | Readonly<{ type: "text"; text: string }>
  | Readonly<{ type: "media"; attachment: AttachmentRef; caption?: string | undefined }>
  /** Something the console cannot use: a sticker, a location, a poll. */
  | Readonly<{ type: "unsupported" }>;

export type AdminInput = Readonly<{
  /** Stable per update, so a redelivered one is handled once. */
  key: string;
  /** The official's address in the admin channel, e.g. `telegram:98765`. */
  officialId: string;
  /** The name the channel knows them by, used when they onboard. */
  displayName: string;
  /** The interface language of their app: the language of the console before they choose one. */
  languageHint?: string | undefined;
  receivedAt: Date;
  event: AdminEvent;
}>;

/**
 * A message for an official. A `screen` replaces the message whose button was pressed
 * (lists and cards are browsed in place rather than piling up in the chat);
 * `unavailable` is said for each attachment the channel can no longer open.
 */
export type AdminReply = Outbound & Readonly<{ screen?: boolean; unavailable?: string }>;
