import type { Outbound } from "../core/outbound.js";

/** The longest text every channel sends as one message (WhatsApp parts are cut at 4,000, Telegram at 4,096). */
export const maxJoinedLength = 4_000;

/**
 * One turn's replies with each plain text (no buttons, no request, no files) joined to the
 * message after it, a blank line between, when the two fit in one message. Every message is a
 * request on a weak connection and a notification on the phone, and the messengers allow a bot
 * about one message a second per chat (Telegram; WhatsApp was seen refusing at about three), so
 * "Thank you" and the next question arrive as one. A message in `apart` stays a message of its own:
 * a coupon (the citizen's receipt, to keep or forward), or a text that must take a contact or location
 * button away (only a message without buttons can, on Telegram).
 */
export function joinReplies(replies: readonly Outbound[], apart: ReadonlySet<Outbound> = new Set()): Outbound[] {
  const joined: Outbound[] = [];
  for (const reply of replies) {
    const previous = joined.at(-1);
    const joinable = previous && isPlain(previous) && !apart.has(previous) && !apart.has(reply);
    if (joinable && previous.text.length + 2 + reply.text.length <= maxJoinedLength) {
      joined[joined.length - 1] = { ...reply, text: `${previous.text}\n\n${reply.text}` };
    } else {
      joined.push(reply);
    }
  }
  return joined;
}

function isPlain(reply: Outbound): boolean {
  return reply.choices.length === 0 && reply.request === undefined && (reply.attachments?.length ?? 0) === 0;
}
