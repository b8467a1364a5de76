import { getContentType, isLidUser, isPnUser, jidDecode, jidNormalizedUser, normalizeMessageContent, proto, toNumber, type WAMessage, type WAMessageContent } from "@whiskeysockets/baileys";
import type { AttachmentKind, AttachmentRef } from "../../core/appeal/appeal.js";
import { cleanFileName } from "../../core/appeal/file-name.js";
import type { Inbound } from "../../core/inbound.js";
import type { InboundEnvelope } from "../../dialogue/envelope.js";

/** An inbound WhatsApp message for the dialogue, with the addresses the socket's owner needs. */
export type WhatsAppEnvelope = Readonly<{
  envelope: InboundEnvelope;
  /** Where to answer: the JID the message came from (a LID or a phone-number JID), without a device. */
  replyTo: string;
  /** The same account's other JID, when WhatsApp sent it along: the phone-number JID of a LID, or the reverse. */
  alternateJid: string | undefined;
}>;

/**
 * Content that needs no answer: reactions, poll votes, pins, "keep in chat", the head
 * of an album (its photos follow as messages of their own), and the placeholder
 * WhatsApp shows until the phone resends a message the linked device could not
 * decrypt (the real message follows).
 */
const silent = ["reactionMessage", "encReactionMessage", "pollUpdateMessage", "keepInChatMessage", "pinInChatMessage", "encEventResponseMessage", "albumMessage", "placeholderMessage"] as const;

/**
 * Turns one message of `messages.upsert` into the dialogue's envelope, or undefined
 * when there is nothing for the dialogue: the account's own messages, groups, status
 * updates, newsletters, protocol messages, reactions. Pure: the caller passes the
 * time the message arrived.
 */
export function toEnvelope(message: WAMessage, receivedAt: Date): WhatsAppEnvelope | undefined {
  const { key } = message;
  const jid = userJid(key.remoteJid);
  if (key.fromMe || !key.id || !jid) return undefined;
  const unwrapped = contentOf(message.message);
  if (!unwrapped) return undefined;
  const alternate = userJid(key.remoteJidAlt);
  const alternateJid = alternate !== jid ? alternate : undefined;
  const phone = phoneOf([jid, alternateJid].find((candidate) => isPnUser(candidate)));
  const inbound = inboundOf(unwrapped.content, key.id, phone);
  if (!inbound) return undefined;
  // An edit is a new message for the dialogue, so it needs a key of its own: the edited message's, marked.
  const messageKey = unwrapped.editOf !== undefined ? `${unwrapped.editOf}:edited:${key.id}` : key.id;
  const envelope: InboundEnvelope = {
    key: `whatsapp:${jid}:${messageKey}`,
    citizenId: `whatsapp:${jid}`,
    channel: "whatsapp",
    inbound,
    sender: phone !== undefined ? { verifiedPhone: phone } : {},
    receivedAt,
  };
  return { envelope, replyTo: jid, alternateJid };
}

/** A one-to-one chat's JID without its device part; undefined for groups, broadcasts, newsletters and bots. */
function userJid(jid: string | null | undefined): string | undefined {
  if (!jid) return undefined;
  const user = jidNormalizedUser(jid);
  return isPnUser(user) || isLidUser(user) ? user : undefined;
}

/** `+77011234567` for a phone-number JID: on WhatsApp the account is the number. */
function phoneOf(jid: string | undefined): string | undefined {
  const user = jid !== undefined ? jidDecode(jid)?.user : undefined;
  return user ? `+${user}` : undefined;
}

/**
 * The content under the ephemeral, view-once and document-with-caption wrappers;
 * for an edit, the new content and the id of the message it replaces. Undefined for
 * other protocol messages (deletes, key shares, history sync) and empty stubs.
 */
function contentOf(message: WAMessageContent | null | undefined): { content: WAMessageContent; editOf?: string } | undefined {
  const content = normalizeMessageContent(message);
  const protocol = content?.protocolMessage;
  if (!protocol) return content ? { content } : undefined;
  if (protocol.type !== proto.Message.ProtocolMessage.Type.MESSAGE_EDIT) return undefined;
  const edited = normalizeMessageContent(protocol.editedMessage);
  return edited ? { content: edited, editOf: protocol.key?.id ?? "" } : undefined;
}

function inboundOf(content: WAMessageContent, messageId: string, senderPhone: string | undefined): Inbound | undefined {
  if (silent.some((field) => content[field])) return undefined;
  const text = content.conversation ?? content.extendedTextMessage?.text;
  if (typeof text === "string") return { type: "text", text };
  const location = content.locationMessage ?? content.liveLocationMessage;
  if (typeof location?.degreesLatitude === "number" && typeof location.degreesLongitude === "number") {
    // A live location answers with the fix its message carries, as a plain location would.
    return { type: "location", latitude: location.degreesLatitude, longitude: location.degreesLongitude };
  }
  if (content.contactMessage) {
    const contact = contactOf(content.contactMessage.vcard, senderPhone);
    if (contact) return contact;
  }
  const media = mediaOf(content, messageId);
  if (media) return media;
  // Stickers, polls, contact lists, events, a location without coordinates: say it cannot be read.
  const type = getContentType(content);
  return type ? { type: "unsupported", what: type.replace(/Message(?:V\d+)?$/, "") } : undefined;
}

/**
 * The number on a shared contact card. WhatsApp puts the account's number in the
 * `waid` parameter of its TEL line; only that is compared with the sender's own
 * number, as the displayed number may be written any way the sender's phone book has it.
 */
function contactOf(vcard: string | null | undefined, senderPhone: string | undefined): Inbound | undefined {
  const lines = (vcard ?? "").split(/\r?\n/).filter((line) => /^(?:[\w-]+\.)?TEL[;:]/i.test(line));
  const withId = lines.find((line) => /;waid=\d+/i.test(line));
  const waid = withId?.match(/;waid=(\d+)/i)?.[1];
  if (waid) return { type: "contact", phone: `+${waid}`, own: `+${waid}` === senderPhone };
  const written = lines[0]?.slice(lines[0].indexOf(":") + 1).trim();
  return written ? { type: "contact", phone: written, own: false } : undefined;
}

function mediaOf(content: WAMessageContent, messageId: string): Inbound | undefined {
  const { imageMessage: image, audioMessage: audio, videoMessage: video, documentMessage: document } = content;
  if (image) return media("photo", image, messageId, image.caption);
  if (audio) return media(audio.ptt ? "voice" : "audio", audio, messageId, undefined);
  if (video) return media("video", video, messageId, video.caption);
  if (document) return media("document", document, messageId, document.caption, document.fileName);
  return undefined;
}

/**
 * A file the citizen sent, by the id of its message: downloading needs the whole
 * message (its media key and path), which the socket's owner keeps under that id.
 */
function media(
  kind: AttachmentKind,
  file: Readonly<{ mimetype?: string | null; fileLength?: Parameters<typeof toNumber>[0] }>,
  messageId: string,
  caption: string | null | undefined,
  sentName?: string | null,
): Inbound {
  // Only a document carries the name it was sent under; the sender's phone chose it, so it is cleaned here.
  const fileName = cleanFileName(sentName);
  const attachment: AttachmentRef = {
    kind,
    channel: "whatsapp",
    fileId: messageId,
    ...(file.mimetype ? { mimeType: file.mimetype } : {}),
    ...(file.fileLength !== null && file.fileLength !== undefined ? { sizeBytes: toNumber(file.fileLength) } : {}),
    ...(fileName !== undefined ? { fileName } : {}),
  };
  return { type: "media", attachment, ...(caption ? { caption } : {}) };
}
