/**
 * What the engine asks the host to do. The engine never sends, stores or looks
 * anything up: it returns these, and the host carries them out in order.
 */
import type { Language } from "../core/appeal/appeal.js";
import type { SavedValue } from "../core/ports/conversation-store.js";
import type { Params, Text } from "../core/text.js";
import type { ActionType } from "./flow-schema.js";

export type { Params, Text };

/** A button; on WhatsApp it becomes a numbered line. `id` is short ASCII (Telegram allows 64 bytes). */
export type Choice = Readonly<{ id: string; label: Text }>;

export type Message = Readonly<{
  text: Text;
  choices?: readonly Choice[];
  /** How many of the first choices the text already lists as numbered lines (with their hints): not repeated where choices become lines. */
  listedChoices?: number;
  /** Ask the channel for the sender's contact (Telegram's one-time keyboard) or location. */
  request?: "contact" | "location";
}>;

export type Effect =
  | Readonly<{ type: "send"; message: Message }>
  | Readonly<{ type: "set_language"; language: Language }>
  /**
   * Something only the host can do (store an appeal, look appeals up, forget the
   * citizen). When it is done the host sends `done`, rendered with the result, so a
   * confirmation is never shown before the thing it confirms has happened.
   */
  | Readonly<{ type: "action"; action: ActionType; input: Readonly<Record<string, SavedValue>>; done?: string }>;
