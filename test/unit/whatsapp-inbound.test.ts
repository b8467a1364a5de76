import { proto, type WAMessage, type WAMessageKey } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { toEnvelope } from "../../src/adapters/whatsapp/to-inbound.js";

const receivedAt = new Date("2026-11-27T10:00:00+05:00");
const lid = "208934570918023@lid";
const pn = "77011234567@s.whatsapp.net";

/** A LID-addressed chat, as Baileys 7 reports most of them: the phone-number JID comes along as `remoteJidAlt`. */
const lidKey: WAMessageKey = { remoteJid: lid, remoteJidAlt: pn, fromMe: false, id: "3EB0A1B2C3D4E5F6A7B8", addressingMode: "lid" };

/**
 * A message as `messages.upsert` carries it: the content goes through protobuf and
 * back, so it is a real `proto.Message` (unset fields null, 64-bit sizes as Long).
 */
function upsert(content: proto.IMessage, key: WAMessageKey = lidKey): WAMessage {
  return { key, message: proto.Message.decode(proto.Message.encode(content).finish()), messageTimestamp: 1_764_219_600, pushName: "Айгүл" };
}

const inboundOf = (content: proto.IMessage, key?: WAMessageKey) => toEnvelope(upsert(content, key), receivedAt)?.envelope.inbound;

describe("toEnvelope: addresses", () => {
  it("addresses a LID chat by its LID, vouches for the phone number sent along, and hands over both JIDs", () => {
    expect(toEnvelope(upsert({ conversation: "Сәлеметсіз бе" }), receivedAt)).toEqual({
      envelope: {
        key: `whatsapp:${lid}:3EB0A1B2C3D4E5F6A7B8`,
        citizenId: `whatsapp:${lid}`,
        channel: "whatsapp",
        inbound: { type: "text", text: "Сәлеметсіз бе" },
        sender: { verifiedPhone: "+77011234567" },
        receivedAt,
      },
      replyTo: lid,
      alternateJid: pn,
    });
  });

  it("addresses a phone-number chat by its number, with the LID as the alternate", () => {
    const result = toEnvelope(upsert({ conversation: "1" }, { remoteJid: pn, remoteJidAlt: lid, fromMe: false, id: "ABC123", addressingMode: "pn" }), receivedAt);
    expect(result).toMatchObject({ envelope: { key: `whatsapp:${pn}:ABC123`, citizenId: `whatsapp:${pn}`, sender: { verifiedPhone: "+77011234567" } }, replyTo: pn, alternateJid: lid });
  });

  it("vouches for no phone when only a LID is known", () => {
    const result = toEnvelope(upsert({ conversation: "2" }, { remoteJid: lid, fromMe: false, id: "ABC124" }), receivedAt);
    expect(result?.envelope.sender).toEqual({});
    expect(result?.alternateJid).toBeUndefined();
  });

  it("drops the device part of a JID, so every device of the citizen is one citizen", () => {
    const result = toEnvelope(upsert({ conversation: "2" }, { remoteJid: "77011234567:12@s.whatsapp.net", remoteJidAlt: "208934570918023:12@lid", fromMe: false, id: "ABC125" }), receivedAt);
    expect(result).toMatchObject({ envelope: { citizenId: `whatsapp:${pn}`, key: `whatsapp:${pn}:ABC125` }, replyTo: pn, alternateJid: lid });
  });

  it("gives a redelivered message the same key", () => {
    const first = toEnvelope(upsert({ conversation: "Иә" }), receivedAt);
    const again = toEnvelope(upsert({ conversation: "Иә" }), new Date(receivedAt.getTime() + 60_000));
    expect(again?.envelope.key).toBe(first?.envelope.key);
  });
});

describe("toEnvelope: what it leaves out", () => {
  it.each<[string, WAMessage]>([
    ["the account's own message", upsert({ conversation: "Өтінішіңіз тіркелді" }, { ...lidKey, fromMe: true })],
    ["a status update", upsert({ imageMessage: { mimetype: "image/jpeg" } }, { remoteJid: "status@broadcast", participant: pn, fromMe: false, id: "S1" })],
    ["a group message", upsert({ conversation: "Сәлем бәріне" }, { remoteJid: "120363025246125888@g.us", participant: lid, participantAlt: pn, fromMe: false, id: "G1" })],
    ["a newsletter post", upsert({ conversation: "Жаңалықтар" }, { remoteJid: "120363169319669622@newsletter", fromMe: false, id: "N1", server_id: "117" })],
    ["a deleted message", upsert({ protocolMessage: { type: proto.Message.ProtocolMessage.Type.REVOKE, key: { remoteJid: lid, fromMe: false, id: "OLD1" } } })],
    ["a reaction", upsert({ reactionMessage: { key: { remoteJid: lid, fromMe: true, id: "BOT1" }, text: "👍", senderTimestampMs: 1_764_219_600_000 } })],
    ["a poll vote", upsert({ pollUpdateMessage: { pollCreationMessageKey: { remoteJid: lid, fromMe: true, id: "BOT2" } } })],
    ["the head of an album", upsert({ albumMessage: { expectedImageCount: 3 } })],
    ["a key distribution alone", upsert({ senderKeyDistributionMessage: { groupId: "120363025246125888@g.us", axolotlSenderKeyDistributionMessage: Buffer.from([1, 2, 3]) } })],
    ["a message that could not be decrypted", { key: lidKey, messageStubType: proto.WebMessageInfo.StubType.CIPHERTEXT, messageStubParameters: ["No session found to decrypt message"] }],
  ])("ignores %s", (_what, message) => {
    expect(toEnvelope(message, receivedAt)).toBeUndefined();
  });
});

describe("toEnvelope: wrappers and edits", () => {
  it.each<[string, proto.IMessage]>([
    ["a disappearing message", { ephemeralMessage: { message: { extendedTextMessage: { text: "Жол жөндеу туралы", contextInfo: { expiration: 604_800 } } } } }],
    ["a view-once message", { viewOnceMessage: { message: { conversation: "Жол жөндеу туралы" } } }],
    ["a view-once message (v2)", { viewOnceMessageV2: { message: { conversation: "Жол жөндеу туралы" } } }],
    ["a view-once message (v2 extension)", { viewOnceMessageV2Extension: { message: { conversation: "Жол жөндеу туралы" } } }],
    ["a view-once message in a disappearing chat", { ephemeralMessage: { message: { viewOnceMessageV2: { message: { conversation: "Жол жөндеу туралы" } } } } }],
  ])("reads the text inside %s", (_what, content) => {
    expect(inboundOf(content)).toEqual({ type: "text", text: "Жол жөндеу туралы" });
  });

  it("reads a document sent with a caption", () => {
    const content = { documentWithCaptionMessage: { message: { documentMessage: { mimetype: "application/pdf", fileLength: 52_431, fileName: "анықтама.pdf", caption: "Анықтама" } } } };
    expect(inboundOf(content)).toEqual({ type: "media", attachment: { kind: "document", channel: "whatsapp", fileId: lidKey.id, mimeType: "application/pdf", sizeBytes: 52_431, fileName: "анықтама.pdf" }, caption: "Анықтама" });
  });

  it("treats an edit as a new message with a key of its own", () => {
    const edit: proto.IMessage = {
      editedMessage: {
        message: {
          protocolMessage: {
            type: proto.Message.ProtocolMessage.Type.MESSAGE_EDIT,
            key: { remoteJid: lid, fromMe: false, id: "3EB0ORIGINAL" },
            editedMessage: { conversation: "Алматы, Абай даңғылы 10" },
            timestampMs: 1_764_219_700_000,
          },
        },
      },
    };
    const result = toEnvelope(upsert(edit, { ...lidKey, id: "3EB0EDIT" }), receivedAt);
    expect(result?.envelope).toMatchObject({ key: `whatsapp:${lid}:3EB0ORIGINAL:edited:3EB0EDIT`, inbound: { type: "text", text: "Алматы, Абай даңғылы 10" } });
  });
});

describe("toEnvelope: content", () => {
  it("reads text from a plain and an extended text message", () => {
    expect(inboundOf({ conversation: "2" })).toEqual({ type: "text", text: "2" });
    expect(inboundOf({ extendedTextMessage: { text: "https://egov.kz сайтында", matchedText: "https://egov.kz" } })).toEqual({ type: "text", text: "https://egov.kz сайтында" });
  });

  it("reads a location and the first fix of a live location", () => {
    expect(inboundOf({ locationMessage: { degreesLatitude: 43.238949, degreesLongitude: 76.889709, name: "Абай даңғылы" } })).toEqual({ type: "location", latitude: 43.238949, longitude: 76.889709 });
    expect(inboundOf({ liveLocationMessage: { degreesLatitude: 51.169392, degreesLongitude: 71.449074, sequenceNumber: 1, accuracyInMeters: 12 } })).toEqual({ type: "location", latitude: 51.169392, longitude: 71.449074 });
  });

  it("reads a photo, a voice note, an audio file and a video by their message id", () => {
    const ref = { channel: "whatsapp", fileId: lidKey.id };
    expect(inboundOf({ imageMessage: { mimetype: "image/jpeg", fileLength: 183_204, caption: "Шұңқыр", mediaKey: Buffer.alloc(32, 1), directPath: "/v/t62.7118-24/1.enc" } })).toEqual({
      type: "media",
      attachment: { kind: "photo", ...ref, mimeType: "image/jpeg", sizeBytes: 183_204 },
      caption: "Шұңқыр",
    });
    expect(inboundOf({ audioMessage: { mimetype: "audio/ogg; codecs=opus", fileLength: 9_120, seconds: 7, ptt: true } })).toEqual({
      type: "media",
      attachment: { kind: "voice", ...ref, mimeType: "audio/ogg; codecs=opus", sizeBytes: 9_120 },
    });
    expect(inboundOf({ audioMessage: { mimetype: "audio/mpeg", fileLength: 2_048_000, seconds: 120, ptt: false } })).toMatchObject({ attachment: { kind: "audio" } });
    expect(inboundOf({ videoMessage: { mimetype: "video/mp4", fileLength: 4_800_000, seconds: 15 } })).toEqual({
      type: "media",
      attachment: { kind: "video", ...ref, mimeType: "video/mp4", sizeBytes: 4_800_000 },
    });
  });

  it("reads a media message with no size or type as a bare reference", () => {
    expect(inboundOf({ imageMessage: { caption: "" } })).toEqual({ type: "media", attachment: { kind: "photo", channel: "whatsapp", fileId: lidKey.id } });
  });

  it("takes a shared contact as the sender's own only when its WhatsApp id is the sender's number", () => {
    const card = (waid: string) => `BEGIN:VCARD\nVERSION:3.0\nN:;Айгүл;;;\nFN:Айгүл\nitem1.TEL;waid=${waid}:+7 701 123 4567\nitem1.X-ABLabel:Ұялы\nEND:VCARD`;
    expect(inboundOf({ contactMessage: { displayName: "Айгүл", vcard: card("77011234567") } })).toEqual({ type: "contact", phone: "+77011234567", own: true });
    expect(inboundOf({ contactMessage: { displayName: "Ерлан", vcard: card("77770001122") } })).toEqual({ type: "contact", phone: "+77770001122", own: false });
    // Without the phone-number JID there is nothing to compare the card with.
    expect(inboundOf({ contactMessage: { vcard: card("77011234567") } }, { remoteJid: lid, fromMe: false, id: "C1" })).toEqual({ type: "contact", phone: "+77011234567", own: false });
  });

  it("takes the written number of a card without a WhatsApp id, never as the sender's own", () => {
    const vcard = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Әкімдік\r\nTEL;type=WORK:8 (727) 271-66-00\r\nEND:VCARD";
    expect(inboundOf({ contactMessage: { displayName: "Әкімдік", vcard } })).toEqual({ type: "contact", phone: "8 (727) 271-66-00", own: false });
  });

  it.each<[string, proto.IMessage]>([
    ["sticker", { stickerMessage: { mimetype: "image/webp", fileLength: 20_480, isAnimated: false } }],
    ["pollCreation", { pollCreationMessageV3: { name: "Қайсысы?", options: [{ optionName: "A" }, { optionName: "B" }], selectableOptionsCount: 1 } }],
    ["contactsArray", { contactsArrayMessage: { displayName: "2 contacts", contacts: [{ displayName: "A", vcard: "BEGIN:VCARD\nEND:VCARD" }] } }],
    ["contact", { contactMessage: { displayName: "Бос", vcard: "BEGIN:VCARD\nVERSION:3.0\nFN:Бос\nEND:VCARD" } }],
    ["location", { locationMessage: { name: "Координатасыз" } }],
    ["ptv", { ptvMessage: { mimetype: "video/mp4", seconds: 5 } }],
  ])("says it cannot read a %s", (what, content) => {
    expect(inboundOf(content)).toEqual({ type: "unsupported", what });
  });
});
