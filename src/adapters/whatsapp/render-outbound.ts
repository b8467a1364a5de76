import type { Outbound } from "../../core/outbound.js";
import { splitText } from "../split-text.js";

/**
 * The longest text part Estu sends. WhatsApp takes about 65,000 characters, but old
 * phones show a long message cut short or slowly; a menu of one screen reads better.
 */
export const maxPartLength = 4_000;

/**
 * Where the request's answer is in WhatsApp's attachment menu (📎, then the icon),
 * drawn rather than written: the request's label already says in the citizen's
 * language what to send, and the renderer does not know that language.
 */
const attachmentPath = { contact: "📎 → 👤", location: "📎 → 📍" } as const;

/**
 * One message for the citizen as WhatsApp texts: usually one, more when the text is
 * long (the menu goes on the last). Ordinary accounts have no buttons, so a request
 * becomes a line with its label and where to find it, and choices become numbered
 * lines that a reply of one digit answers (see `matchNumberedReply`). Texts go as
 * they are, with no markup added: a `*` or `_` of Estu's own would turn the rest of
 * a line bold or italic.
 */
export function renderOutbound(message: Outbound): string[] {
  const { text, choices, request, listedChoices = 0 } = message;
  // The request is line 1 when there are choices too, as on Telegram's keyboard, so the engine reads "2" as the first choice.
  const lines = [...(request ? [`${request.label}: ${attachmentPath[request.kind]}`] : []), ...choices.map((choice) => choice.label)];
  // Choices the text already lists with their hints ("1. Name — hint") keep their numbers but are not listed twice.
  const firstChoice = request ? 1 : 0;
  const menu = request && choices.length === 0 ? lines : lines.map((line, index) => `${index + 1}. ${line}`).filter((_, index) => index < firstChoice || index >= firstChoice + listedChoices);
  const parts = splitText(text, maxPartLength);
  if (menu.length === 0) return parts;
  // The menu stays whole under the text it answers, or goes whole into a part of its own.
  const menuText = menu.join("\n");
  const last = parts.pop() ?? "";
  const withMenu = last === "" ? menuText : `${last}\n\n${menuText}`;
  return withMenu.length <= maxPartLength ? [...parts, withMenu] : [...parts, ...(last === "" ? [] : [last]), ...splitText(menuText, maxPartLength)];
}

/**
 * The id of the choice a reply names: its number as the menu showed it ("2" or "2."),
 * or its label, ignoring case and surrounding spaces; undefined for anything else.
 */
export function matchNumberedReply(text: string, choices: Outbound["choices"]): string | undefined {
  const reply = text.trim();
  const number = /^(\d{1,3})\.?$/.exec(reply)?.[1];
  if (number !== undefined) return choices[Number(number) - 1]?.id;
  const folded = reply.toLocaleLowerCase();
  return choices.find((choice) => choice.label.trim().toLocaleLowerCase() === folded)?.id;
}
