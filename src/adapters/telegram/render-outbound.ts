import type { InlineKeyboardMarkup, LinkPreviewOptions, ReplyKeyboardMarkup, ReplyKeyboardRemove } from "grammy/types";
import type { Outbound } from "../../core/outbound.js";
import { splitText } from "../split-text.js";

/** Telegram refuses a message text longer than this. */
export const maxMessageLength = 4_096;
/** Telegram's limit on a button's callback data, in bytes. */
const maxCallbackDataBytes = 64;

type ReplyMarkup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove;

/** The text and options of one `sendMessage` call. */
export type SendParams = Readonly<{
  text: string;
  other: Readonly<{ link_preview_options: LinkPreviewOptions; reply_markup?: ReplyMarkup }>;
}>;

/** How a message relates to the reply keyboard the citizen may be looking at. */
export type RenderOptions = Readonly<{
  /**
   * Put `remove_keyboard` on a message that has no keyboard of its own. Telegram
   * ignores it when no reply keyboard is showing, so the bot need not remember
   * whether one is; a notification sent outside the dialogue passes false, so it
   * never takes away the contact button of a question the citizen is answering.
   */
  removeReplyKeyboard: boolean;
}>;

/**
 * One message for the citizen as `sendMessage` calls: usually one, more when the
 * text is over Telegram's limit (the keyboard goes on the last). Choices become an
 * inline keyboard, one button a row; a contact or location request becomes a
 * one-time reply keyboard, with the choices as text buttons under it (a reply
 * keyboard cannot carry callback data; the engine reads a choice's label as well).
 */
export function toSendParams(message: Outbound, options: RenderOptions): SendParams[] {
  const { text, markup } = withMarkup(message, options);
  const parts = splitText(text, maxMessageLength);
  return parts.map((part, index) => ({
    text: part,
    other: { link_preview_options: { is_disabled: true }, ...(markup && index === parts.length - 1 ? { reply_markup: markup } : {}) },
  }));
}

function withMarkup(message: Outbound, options: RenderOptions): { text: string; markup?: ReplyMarkup } {
  const { text, choices, request } = message;
  if (request) {
    const button = request.kind === "contact" ? { text: request.label, request_contact: true } : { text: request.label, request_location: true };
    const keyboard = [[button], ...choices.map((choice) => [{ text: choice.label }])];
    return { text, markup: { keyboard, one_time_keyboard: true, resize_keyboard: true } };
  }
  if (choices.length === 0) return options.removeReplyKeyboard ? { text, markup: { remove_keyboard: true } } : { text };
  if (choices.every((choice) => Buffer.byteLength(choice.id) <= maxCallbackDataBytes)) {
    return { text, markup: { inline_keyboard: choices.map((choice) => [{ text: choice.label, callback_data: choice.id }]) } };
  }
  // An id too long for a button must not lose the message: numbered lines work, as on WhatsApp.
  const lines = choices.map((choice, index) => `${index + 1}. ${choice.label}`);
  return { text: [text, "", ...lines].join("\n"), ...(options.removeReplyKeyboard ? { markup: { remove_keyboard: true } } : {}) };
}
