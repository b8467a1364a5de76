import type { CallbackQuery, Message, Update, User } from "grammy/types";
import type { AttachmentKind, AttachmentRef } from "../../core/appeal/appeal.js";
import { cleanFileName } from "../../core/appeal/file-name.js";
import type { Inbound } from "../../core/inbound.js";
import type { InboundEnvelope } from "../../dialogue/envelope.js";

/**
 * What a citizen can send that Estu cannot read. Checked before the files, because
 * Telegram also fills `document` on an animation for old clients.
 */
const unreadable = ["sticker", "animation", "video_note", "poll", "dice", "game", "story", "paid_media", "checklist", "invoice", "giveaway"] as const;

/**
 * Turns a Telegram update into the dialogue's envelope, or undefined when there is
 * nothing for the dialogue: group chats, service messages, other update kinds.
 * Pure: the caller passes the time the update arrived.
 */
export function toEnvelope(update: Update, receivedAt: Date): InboundEnvelope | undefined {
  if (update.callback_query) return fromCallbackQuery(update.callback_query, receivedAt);
  const message = update.message ?? update.edited_message;
  if (!message || message.chat.type !== "private") return undefined;
  const edited = update.message === undefined;
  // Only a live location is ever edited; it moves every few seconds and would answer the question again each time.
  if (edited && message.location) return undefined;
  const inbound = inboundOf(message);
  if (!inbound) return undefined;
  // An edit is a new message for the dialogue, so it needs a key of its own.
  const suffix = edited ? `:edited:${message.edit_date ?? 0}` : "";
  return envelope(`telegram:${message.chat.id}:${message.message_id}${suffix}`, message.chat.id, inbound, message.from, receivedAt);
}

function fromCallbackQuery(query: CallbackQuery, receivedAt: Date): InboundEnvelope | undefined {
  const chat = query.message?.chat;
  // No data means a game button, and no message an inline-mode button: Estu sends neither.
  if (!chat || chat.type !== "private" || query.data === undefined) return undefined;
  return envelope(`telegram:${chat.id}:cb:${query.id}`, chat.id, { type: "choice", payload: query.data }, query.from, receivedAt);
}

function envelope(key: string, chatId: number, inbound: Inbound, from: User | undefined, receivedAt: Date): InboundEnvelope {
  return { key, citizenId: `telegram:${chatId}`, channel: "telegram", inbound, sender: { languageHint: from?.language_code }, receivedAt };
}

function inboundOf(message: Message): Inbound | undefined {
  if (message.text !== undefined) return isStart(message.text) ? { type: "start" } : { type: "text", text: message.text };
  if (message.contact) {
    // Telegram fills user_id only when the contact is a Telegram user; the sender's own card carries their id.
    const own = message.contact.user_id !== undefined && message.contact.user_id === message.from?.id;
    return { type: "contact", phone: message.contact.phone_number, own };
  }
  if (message.location) return { type: "location", latitude: message.location.latitude, longitude: message.location.longitude };
  const what = unreadable.find((field) => message[field] !== undefined);
  if (what) return { type: "unsupported", what };
  const attachment = attachmentOf(message);
  if (attachment) return { type: "media", attachment, ...(message.caption !== undefined ? { caption: message.caption } : {}) };
  return undefined;
}

/** `/start`, `/start <deep link payload>` or `/start@bot_name`. */
function isStart(text: string): boolean {
  return /^\/start(?:@\w+)?(?:\s|$)/.test(text);
}

/** The file a message carries, as a reference to the bot (`channel`) that can download it. */
export function attachmentOf(message: Message, channel = "telegram"): AttachmentRef | undefined {
  if (message.photo && message.photo.length > 0) {
    // Telegram lists the sizes of one photo; keep the largest, the one worth reading.
    const largest = message.photo.reduce((best, size) => (size.width * size.height > best.width * best.height ? size : best));
    return reference("photo", largest, channel);
  }
  if (message.voice) return reference("voice", message.voice, channel);
  if (message.audio) return reference("audio", message.audio, channel);
  if (message.video) return reference("video", message.video, channel);
  if (message.document) return reference("document", message.document, channel);
  return undefined;
}

function reference(kind: AttachmentKind, file: Readonly<{ file_id: string; mime_type?: string; file_size?: number; file_name?: string }>, channel: string): AttachmentRef {
  // Documents, audio and video carry the sender's name for the file; photos and voice notes have none.
  const fileName = cleanFileName(file.file_name);
  return {
    kind,
    channel,
    fileId: file.file_id,
    ...(file.mime_type !== undefined ? { mimeType: file.mime_type } : {}),
    ...(file.file_size !== undefined ? { sizeBytes: file.file_size } : {}),
    ...(fileName !== undefined ? { fileName } : {}),
  };
}
