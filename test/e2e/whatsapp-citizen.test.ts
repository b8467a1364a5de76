// The WhatsApp channel end to end: `startWhatsApp` with a fake Baileys socket, the real
// dialogue and store on the test database, the real Redis (lease, chat locks, menus)
// and the real deliveries queue. Citizens type digits and text, as they must on
// WhatsApp; officials' decisions reach them through the same queue as on Telegram.
import { BufferJSON, initAuthCreds, proto, type WAMessage } from "@whiskeysockets/baileys";
import { Queue, type Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useStoredAuthState } from "../../src/adapters/whatsapp/auth-state.js";
import type { Actor } from "../../src/core/appeal/appeal.js";
import { MediaRouter } from "../../src/adapters/media/media-router.js";
import { AppError } from "../../src/core/errors.js";
import { DeliveryError } from "../../src/core/ports/channel-sender.js";
import { mediaUnavailable } from "../../src/core/ports/media-source.js";
import { decideOnAppeal, type DecideDeps } from "../../src/core/use-cases/decide-on-appeal.js";
import { renderNotice } from "../../src/dialogue/render-notice.js";
import { createLogger } from "../../src/logger.js";
import type { DeliveryJob } from "../../src/queue/deliveries.js";
import { createDeliveryWorker } from "../../src/queue/delivery-worker.js";
import { OutboxRelay } from "../../src/queue/outbox-relay.js";
import { producerConnection, workerConnection } from "../../src/queue/redis-connections.js";
import { startWhatsApp, type SendFailure, type WhatsAppChannel } from "../../src/runtime/start-whatsapp.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { MongoWhatsAppSessionStore } from "../../src/store/mongo-whatsapp-session-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedEngine } from "../support/engine-fixture.js";
import { FakeWhatsApp, incoming, typed } from "../support/fake-baileys-socket.js";
import { shippedCalendar, shippedReferenceData, testLogRef } from "../support/fixtures.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";
import { shippedDialogue } from "../support/shipped-dialogue.js";

const friday = new Date("2026-11-27T10:15:00+05:00");
const official: Actor = { type: "official", officialId: "telegram:900", agencyId: "almaty_energy_department" };
const keyPrefix = uniqueName("wa");
const queuePrefix = uniqueName("wa_deliveries");
const producer = producerConnection(redisUrl());
const consumer = workerConnection(redisUrl());
const fake = new FakeWhatsApp(true, () => friday.getTime());
const failures: SendFailure[] = [];
/** Files officials attached to answers, as the Telegram channel would open them: under Telegram's own names. */
const officialFiles = new Map([
  ["tg-photo", { data: Buffer.from("jpeg bytes"), fileName: "file_16.jpg", mimeType: "image/jpeg" }],
  ["tg-doc", { data: Buffer.from("%PDF-1.7"), fileName: "file_17.pdf", mimeType: "application/pdf" }],
]);
/** The official's document as the admin bot received it, with the name it was sent under. */
const answerDocument = { kind: "document", channel: "telegram", fileId: "tg-doc", fileName: "Жауап.pdf" } as const;

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let deps: DecideDeps;
let channel: WhatsAppChannel;
let queue: Queue<DeliveryJob>;
let relay: OutboxRelay;
let worker: Worker;

beforeAll(async () => {
  database = await openTestDatabase("wa_e2e");
  store = await openMongoStore(database.connection);
  const [engine, reference, calendar] = await Promise.all([shippedEngine(), shippedReferenceData(), shippedCalendar()]);
  await seedReferenceData(database.connection, reference);
  await store.officials.put({ id: "telegram:900", agencyId: "almaty_energy_department", role: "official", language: "ru", displayName: "Official", active: true, createdAt: friday });
  deps = { appeals: store.appeals, officials: store.officials, directory: store.directory, calendar, onRefused: () => undefined };
  const dialogue = shippedDialogue(store, engine, reference, calendar);
  // As `npm run cli -- whatsapp:link` leaves it.
  const auth = await useStoredAuthState(new MongoWhatsAppSessionStore(database.connection));
  Object.assign(auth.state.creds, { ...initAuthCreds(), me: { id: "77000000001:3@s.whatsapp.net" }, account: proto.ADVSignedDeviceIdentity.create({ details: Buffer.from([1]) }) });
  await auth.saveCreds();

  channel = startWhatsApp({
    connection: database.connection,
    redisUrl: redisUrl(),
    dialogue,
    // Through the router, as start-up wires it: it gives each file the name its sender gave it.
    attachments: new MediaRouter().add("telegram", {
      open: async (attachment) => {
        const file = officialFiles.get(attachment.fileId);
        if (attachment.fileId === "tg-gone") throw new AppError(mediaUnavailable, "the file is gone");
        if (!file) throw new Error(`no file ${attachment.fileId}`);
        return file;
      },
    }),
    log: createLogger("silent"),
    logRef: testLogRef,
    keyPrefix,
    // The pacing itself is tested on a fake clock (test/unit/whatsapp-connection.test.ts).
    pacing: { perChatGapMs: 0, perMinute: 100_000 },
    onLoggedOut: () => undefined,
    onSendFailed: (failure) => void failures.push(failure),
    makeSocket: fake.makeSocket,
    timing: { standbyPollMs: 50 },
    now: () => friday,
    inboxSweepMs: 100,
  });
  await until("the connection", () => channel.status().connection === "open");

  queue = new Queue<DeliveryJob>("deliveries", { connection: producer, prefix: queuePrefix });
  relay = new OutboxRelay(queue, store.appeals, { attempts: 2, backoff: { type: "fixed", delay: 100 }, removeOnComplete: { age: 3_600 }, removeOnFail: false });
  worker = createDeliveryWorker({
    connection: consumer,
    prefix: queuePrefix,
    appeals: store.appeals,
    citizens: store.citizens,
    sender: channel.sender,
    render: (appeal, entry, language) => renderNotice({ translator: engine.translator, reference, timeZone: "Asia/Almaty" }, appeal, entry, language),
  });
});

afterAll(async () => {
  await worker?.close();
  await queue?.obliterate({ force: true });
  await queue?.close();
  await Promise.all([producer.quit(), consumer.quit()]);
  await channel?.stop();
  await database?.drop();
});

async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A citizen's phone: what they type arrives as `messages.upsert`, from the JID WhatsApp uses at that moment. */
class Phone {
  readonly messages: WAMessage[] = [];
  constructor(
    public jid: string,
    public alt?: string,
  ) {}

  /** Sends `message` and waits for Estu's answer; returns the texts Estu sent back to this chat. */
  async send(message: WAMessage): Promise<string[]> {
    this.messages.push(message);
    return this.deliver([message]);
  }

  async deliver(messages: WAMessage[]): Promise<string[]> {
    const before = fake.textsTo(this.jid).length;
    fake.socket.receive(messages);
    await channel.settled();
    return fake.textsTo(this.jid).slice(before);
  }

  type(text: string): Promise<string[]> {
    return this.send(typed(this.jid, text, this.alt ? { alt: this.alt } : {}));
  }

  async typeAll(texts: readonly string[]): Promise<string[]> {
    let last: string[] = [];
    for (const text of texts) last = await this.type(text);
    return last;
  }
}

/** Every answer of a whole appeal, as digits for the menus and text for the rest. */
function journey(language: "kk" | "ru"): string[] {
  const kk = language === "kk";
  return [
    kk ? "Сәлеметсіз бе" : "Здравствуйте",
    kk ? "1" : "2", // language
    "1", // consent
    "1", // file an appeal
    kk ? "Үйімізде үш күннен бері ыстық су жоқ, Абай 10." : "В доме третий день нет горячей воды, Абая 10.",
    "2", // done with files (line 1 is the map point)
    "2", // complaint
    "1", // housing and utilities
    "2", // city of Almaty
    "2", // Almaly district (the agency is said, not asked)
    kk ? "Серікова Айгүл" : "Петров Иван",
    "900101400003",
    kk ? "Алматы, Абай даңғылы 10, 5-пәтер" : "Алматы, пр. Абая 10, кв. 5",
  ];
}

const numberIn = (text: string | undefined) => /№ (ALEN-2026-\d{6})/.exec(text ?? "")?.[1] ?? "";
const appealsOf = (citizenId: string) => database.connection.collection("appeals").countDocuments({ citizenId });

describe("WhatsApp citizens", () => {
  const kazakh = new Phone("77011234567@s.whatsapp.net");
  const russian = new Phone("77017654321@s.whatsapp.net");
  const russianLid = "208934570918023@lid";
  let kazakhAppeal = "";
  let russianAppeal = "";

  it("files a whole appeal in Kazakh by typing digits and text", async () => {
    const categories = (await kazakh.typeAll(journey("kk").slice(0, 7))).at(-1) ?? "";
    // Each category once, with its hint and the number its reply takes; the paging line numbered after them.
    expect(categories.match(/Тұрғын үй-коммуналдық шаруашылық/g)).toHaveLength(1);
    expect(categories).toContain("1. Тұрғын үй-коммуналдық шаруашылық — Жылу, су, жарық");
    expect(categories).toMatch(/\n9\. \S+ ›$/);
    const summary = await kazakh.typeAll(journey("kk").slice(7));
    expect(summary.at(-1)).toContain("тел. +77011234567");
    expect(summary.at(-1)).toMatch(/1\. Дұрыс, жіберемін\n2\. Түзету$/);
    const [coupon, menu] = await kazakh.type("1");
    kazakhAppeal = numberIn(coupon);
    expect(coupon).toBe(
      `✅ Өтінішіңіз тіркелді.\nТалон № ${kazakhAppeal}, 27.11.2026, 10:15.\nОрган: Алматы қаласы Энергетика және сумен жабдықтау басқармасы.\nEstu өтінішті осы органның атынан қабылдады.\nЗаң бойынша жауап мерзімі: 21.12.2026.`,
    );
    expect(menu).toMatch(/^Не істегіңіз келеді\?.*\n1\. Өтініш беру\n2\. Менің өтініштерім/s);
    expect(await store.appeals.get(kazakhAppeal)).toMatchObject({
      citizenId: "whatsapp:77011234567@s.whatsapp.net",
      language: "kk",
      status: "registered",
      agencyId: "almaty_energy_department",
      applicant: { fullName: "Серікова Айгүл", phone: "+77011234567" },
    });
    // Plain texts only: ordinary WhatsApp accounts have no buttons.
    expect(fake.sent.filter((record) => record.jid === kazakh.jid).every((record) => Object.keys(record.content).join() === "text")).toBe(true);
  });

  it("files one in Russian, recognising the citizen when WhatsApp moves the chat to the LID", async () => {
    const answers = journey("ru");
    await russian.typeAll(answers.slice(0, 9));
    // From here on WhatsApp addresses the chat by LID and sends the phone-number JID along.
    russian.jid = russianLid;
    russian.alt = "77017654321@s.whatsapp.net";
    const agencySaid = await russian.type(answers[9] ?? "");
    expect(agencySaid[0]).toMatch(/^Обращение рассмотрит: Управление энергетики и водоснабжения города Алматы\./);
    await russian.typeAll(answers.slice(10));
    const [coupon] = await russian.type("1");
    russianAppeal = numberIn(coupon);
    expect(coupon).toMatch(/^✅ Ваше обращение зарегистрировано\.\nТалон № ALEN-2026-\d{6} от 27\.11\.2026, 10:15\./);
    expect(await store.appeals.get(russianAppeal)).toMatchObject({ citizenId: "whatsapp:77017654321@s.whatsapp.net", language: "ru", applicant: { fullName: "Петров Иван", phone: "+77017654321" } });
    // One citizen, one conversation, under the first JID seen.
    expect(await store.citizens.get(`whatsapp:${russianLid}`)).toBeUndefined();
  });

  it("handles the same messages.upsert delivered twice once: one appeal, no second answer", async () => {
    const before = fake.sent.length;
    const confirm = kazakh.messages.at(-1) as WAMessage;
    expect(await kazakh.deliver([confirm])).toEqual([]);
    expect(await kazakh.deliver(kazakh.messages.slice(-3))).toEqual([]);
    expect(fake.sent.length).toBe(before);
    expect(await appealsOf("whatsapp:77011234567@s.whatsapp.net")).toBe(1);
  });

  it("answers a message kept in the inbox but never handled (the process died after WhatsApp took it), from the inbox", async () => {
    const jid = "77015550000@s.whatsapp.net";
    const message = typed(jid, "Сәлеметсіз бе");
    // What a kill right after keeping the message leaves (the message and its pending mark): WhatsApp will not send it again.
    await database.connection.collection<{ _id: string; receivedAt: Date }>("whatsapp_inbox_pending").insertOne({ _id: `${jid}:${message.key.id}`, receivedAt: friday });
    await database.connection.collection<{ _id: string; raw: string; receivedAt: Date; handledAt: Date | null }>("whatsapp_inbox").insertOne({ _id: `${jid}:${message.key.id}`, raw: JSON.stringify(message, BufferJSON.replacer), receivedAt: friday, handledAt: null });
    await until("the answer from the inbox", () => fake.textsTo(jid).length > 0);
    expect(fake.textsTo(jid)[0]).toMatch(/Сәлеметсіз бе|Здравствуйте/);
    await until("the message marked handled", async () => (await database.connection.collection("whatsapp_inbox").findOne({ _id: `${jid}:${message.key.id}` } as never))?.["handledAt"] !== null);
    const answered = fake.textsTo(jid).length;
    // Handled, it is neither taken from the inbox again nor answered again when WhatsApp repeats it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    fake.socket.receive([message]);
    await channel.settled();
    expect(fake.textsTo(jid)).toHaveLength(answered);
  });

  it("opens an appeal from the list by its number in the list", async () => {
    const [list] = await kazakh.type("2");
    expect(list).toBe(`Соңғы өтінішіңіз:\n1. № ${kazakhAppeal} — Тіркелді, мерзімі 21.12.2026\n\n1. ${kazakhAppeal}\n2. Басты мәзір`);
    const details = await kazakh.type("1");
    expect(details[0]).toMatch(new RegExp(`^№ ${kazakhAppeal}`));
    // The card and the question after it arrive as one message.
    expect(details.at(-1)).toMatch(/\n\nТағы не керек\?/);
  });

  it("delivers an official's answer with its document, under the document's name, through the deliveries queue to where the citizen last wrote, and reads the rating typed after it", async () => {
    const before = fake.sent.length;
    const answered = await decideOnAppeal(deps, russianAppeal, { type: "answer", text: "Подача горячей воды восстановлена 28.11.2026.", attachments: [answerDocument] }, official, friday);
    if (!answered.ok) throw new Error(JSON.stringify(answered));
    await relay.relay(answered.appeal);
    await until("the delivery", async () => Boolean((await store.appeals.get(russianAppeal))?.outbox.at(-1)?.deliveredAt));
    const notice = fake.textsTo(russianLid).at(-1) ?? "";
    expect(notice).toMatch(new RegExp(`^На Ваше обращение № ${russianAppeal} дан ответ`));
    expect(notice).toMatch(/Подача горячей воды восстановлена 28\.11\.2026\.\n📎 К ответу приложены файлы: Жауап\.pdf\n\n[\s\S]*\n\n1\. Оценить ответ$/);
    expect(fake.sent.slice(before).map((record) => record.content)).toContainEqual({ document: Buffer.from("%PDF-1.7"), mimetype: "application/pdf", fileName: "Жауап.pdf" });

    // "1" names the notification's button, not anything in the menu the conversation is at.
    const [question] = await russian.type("1");
    expect(question).toMatch(/^Оцените ответ: 5 — отлично, 1 — совсем не устраивает\.\n\n1\. 1 — очень плохо\n/);
    await russian.type("5");
    await russian.type("2");
    expect((await store.appeals.get(russianAppeal))?.rating).toMatchObject({ score: 5 });
  });

  it("stores a photo and a document at receipt, so officials can open them later", async () => {
    const phone = new Phone("77015550000@s.whatsapp.net");
    const photo = incoming(phone.jid, { imageMessage: { mimetype: "image/jpeg", fileLength: 10, caption: "Подъезд" } });
    const document = incoming(phone.jid, { documentWithCaptionMessage: { message: { documentMessage: { mimetype: "application/pdf", fileName: "../Акт\u0000.pdf", fileLength: 8 } } } });
    fake.media.set(photo.key.id ?? "", Buffer.from("jpeg bytes"));
    fake.media.set(document.key.id ?? "", Buffer.from("%PDF-1.7"));
    await phone.send(photo);
    await phone.send(document);
    await phone.send(photo);
    const photoId = `whatsapp:${phone.jid}/${photo.key.id}`;
    expect(await channel.media.open({ kind: "photo", channel: "whatsapp", fileId: photoId, mimeType: "image/jpeg" })).toEqual({
      data: Buffer.from("jpeg bytes"),
      fileName: `photo-${photo.key.id}.jpeg`,
      mimeType: "image/jpeg",
    });
    expect(await channel.media.open({ kind: "document", channel: "whatsapp", fileId: `whatsapp:${phone.jid}/${document.key.id}` })).toMatchObject({ data: Buffer.from("%PDF-1.7"), fileName: "Акт.pdf" });
    expect(await database.connection.collection<{ _id: string }>("whatsapp_files").countDocuments({ _id: photoId })).toBe(1);
  });

  it("keeps each citizen's file under their own address, even when another sends a message with the same id", async () => {
    const first = new Phone("77015550001@s.whatsapp.net");
    const second = new Phone("77015550002@s.whatsapp.net");
    const id = "3EB0SAMEID0001";
    fake.media.set(id, Buffer.from("first's photo"));
    await first.send(incoming(first.jid, { imageMessage: { mimetype: "image/jpeg", fileLength: 13 } }, { id }));
    fake.media.set(id, Buffer.from("second's photo"));
    await second.send(incoming(second.jid, { imageMessage: { mimetype: "image/jpeg", fileLength: 14 } }, { id }));
    const open = (phone: Phone) => channel.media.open({ kind: "photo", channel: "whatsapp", fileId: `whatsapp:${phone.jid}/${id}`, mimeType: "image/jpeg" });
    expect((await open(first)).data).toEqual(Buffer.from("first's photo"));
    expect((await open(second)).data).toEqual(Buffer.from("second's photo"));
  });

  it("answers nothing from groups, status updates, the account's own messages and history", async () => {
    const before = fake.sent.length;
    await new Phone("120363025246125888@g.us").type("Сәлем");
    await new Phone("status@broadcast").type("Сәлем");
    const own = typed("77016660000@s.whatsapp.net", "Сәлем");
    own.key.fromMe = true;
    await new Phone("77016660000@s.whatsapp.net").send(own);
    fake.socket.receive([typed("77017770000@s.whatsapp.net", "Сәлем")], "append");
    await channel.settled();
    expect(fake.sent.length).toBe(before);
  });
});

describe("WhatsApp sender", () => {
  const notice = { text: "Ответ по обращению ALEN-2026-000001 готов.", choices: [] };

  it("refuses to write to an account that never wrote, and to another channel's address", async () => {
    await expect(channel.sender.send("whatsapp:77019990000@s.whatsapp.net", notice)).rejects.toMatchObject({ kind: "blocked" });
    await expect(channel.sender.send("telegram:42", notice)).rejects.toBeInstanceOf(DeliveryError);
    expect(fake.textsTo("77019990000@s.whatsapp.net")).toEqual([]);
  });

  it("sends an official's files after the text, a photo as a picture and anything else as a document", async () => {
    const jid = "77011234567@s.whatsapp.net";
    const before = fake.sent.length;
    await channel.sender.send(`whatsapp:${jid}`, {
      ...notice,
      attachments: [
        { kind: "photo", channel: "telegram", fileId: "tg-photo", mimeType: "image/jpeg" },
        answerDocument,
      ],
    });
    const sent = fake.sent.slice(before);
    expect(sent.map((record) => record.jid)).toEqual([jid, jid, jid]);
    expect(sent[0]?.content).toEqual({ text: notice.text });
    expect(sent[1]?.content).toEqual({ image: Buffer.from("jpeg bytes"), mimetype: "image/jpeg" });
    expect(sent[2]?.content).toEqual({ document: Buffer.from("%PDF-1.7"), mimetype: "application/pdf", fileName: "Жауап.pdf" });
  });

  it("sends the text once and goes on without a file gone for good, reporting it instead of failing", async () => {
    const jid = "77011234567@s.whatsapp.net";
    const before = fake.sent.length;
    const report = await channel.sender.send(`whatsapp:${jid}`, {
      ...notice,
      attachments: [
        { kind: "document", channel: "telegram", fileId: "tg-gone" },
        answerDocument,
      ],
    });
    expect(report).toEqual({ unavailableFiles: 1 });
    const sent = fake.sent.slice(before);
    expect(sent.map((record) => record.content)).toEqual([{ text: notice.text }, { document: Buffer.from("%PDF-1.7"), mimetype: "application/pdf", fileName: "Жауап.pdf" }]);
  });

  it("reports a message WhatsApp refused after taking it, once, with the delivery it carried", async () => {
    const jid = "77011234567@s.whatsapp.net";
    await channel.sender.send(`whatsapp:${jid}`, notice, "ALEN-2026-000001/3/e-42");
    const sent = fake.sent.at(-1);
    if (!sent) throw new Error("nothing sent");
    fake.socket.reportFailure(sent, "463");
    fake.socket.reportFailure(sent, "463");
    await until("the failure report", () => failures.length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(failures).toEqual([{ citizenId: `whatsapp:${jid}`, messageId: sent.id, deliveryRef: "ALEN-2026-000001/3/e-42", failure: "463", at: friday }]);
    // The phone that could not decrypt it gets it again from the stored copy.
    const again = await fake.socket.options.getMessage({ remoteJid: jid, fromMe: true, id: sent.id });
    expect(again?.extendedTextMessage?.text).toBe(notice.text);
  });

  it("says `elsewhere` in a process that does not own the socket, and `transient` when a send fails", async () => {
    const standby = startWhatsApp({
      connection: database.connection,
      redisUrl: redisUrl(),
      dialogue: { handle: async () => [] },
      attachments: { open: async () => Promise.reject(new Error("none")) },
      log: createLogger("silent"),
      logRef: testLogRef,
      keyPrefix,
      onLoggedOut: () => undefined,
      makeSocket: new FakeWhatsApp().makeSocket,
    });
    try {
      await expect(standby.sender.send("whatsapp:77011234567@s.whatsapp.net", notice)).rejects.toMatchObject({ kind: "elsewhere" });
      expect(standby.status().role).toBe("standby");
    } finally {
      await standby.stop();
    }
    fake.refusals.push(new Error("Connection Closed"));
    await expect(channel.sender.send("whatsapp:77011234567@s.whatsapp.net", notice)).rejects.toMatchObject({ kind: "transient" });
  });
});
