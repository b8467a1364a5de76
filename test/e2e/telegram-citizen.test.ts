// The citizens' Telegram bot end to end: the real bot (grammY long polling) against a
// local fake Bot API server, the real dialogue and store on the test database, and
// the real Redis for the per-chat locks. Then the sender's error classes, and the pure
// translations for the cases a journey does not reach.
import type { Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { ChatSerializer } from "../../src/adapters/telegram/chat-serializer.js";
import { CitizenBot } from "../../src/adapters/telegram/citizen-bot.js";
import { maxMessageLength, toSendParams } from "../../src/adapters/telegram/render-outbound.js";
import { TelegramSender } from "../../src/adapters/telegram/telegram-sender.js";
import { toEnvelope } from "../../src/adapters/telegram/to-inbound.js";
import { DeliveryError } from "../../src/core/ports/channel-sender.js";
import { createLogger } from "../../src/logger.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedEngine } from "../support/engine-fixture.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { shippedCalendar, shippedReferenceData, testLogRef } from "../support/fixtures.js";
import { appealUpdates, inlineIds, sticker, TelegramClient } from "../support/telegram-client.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";
import { shippedDialogue } from "../support/shipped-dialogue.js";
import type { Dialogue } from "../../src/dialogue/envelope.js";
import { pleaseWaitText } from "../../src/dialogue/please-wait.js";
import type { Translator } from "../../src/i18n/translator.js";

const friday = new Date("2026-11-27T10:15:00+05:00");
const unixFriday = Math.floor(friday.getTime() / 1_000);
const unsupported = {
  kk: "Кешіріңіз, мен тек мәтінді, фото мен бейнені, дауыс жазбасын және құжатты оқи аламын.",
  ru: "Извините, я понимаю только текст, фото, видео, голосовые сообщения и документы.",
};

let fake: FakeBotApi;
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let bot: CitizenBot;
let dialogue: Dialogue;
let translator: Translator;

beforeAll(async () => {
  [fake, database] = await Promise.all([FakeBotApi.start(), openTestDatabase("telegram")]);
  store = await openMongoStore(database.connection);
  const [engine, reference, calendar] = await Promise.all([shippedEngine(), shippedReferenceData(), shippedCalendar()]);
  await seedReferenceData(database.connection, reference);
  dialogue = shippedDialogue(store, engine, reference, calendar);
  translator = engine.translator;
  const log = createLogger("silent");
  // The trailing slash is deliberate: an apiRoot from the environment often has one, and grammY refuses it.
  bot = new CitizenBot({ token: fake.token, apiRoot: `${fake.apiRoot}/`, dialogue, redisUrl: redisUrl(), log, logRef: testLogRef, lockPrefix: uniqueName("telegram"), now: () => friday });
  await bot.host.start();
});

afterAll(async () => {
  await bot?.host.stop();
  await fake?.close();
  await database?.drop();
});

describe("citizens' Telegram bot", () => {
  const kazakh = new TelegramClient(() => fake.main, 4_001, "kk", () => unixFriday);
  const russian = new TelegramClient(() => fake.main, 4_002, "ru", () => unixFriday);
  const russianJourney = appealUpdates(russian);

  it("files a Kazakh and a Russian appeal through text, buttons, a photo and a shared contact", async () => {
    kazakh.send(...appealUpdates(kazakh));
    russian.send(...russianJourney);
    const [kkCoupon, ruCoupon] = await Promise.all([kazakh.waitForText("the Kazakh coupon", (text) => text.startsWith("✅")), russian.waitForText("the Russian coupon", (text) => text.startsWith("✅"))]);
    const kkNumber = /№ (ALEN-2026-\d{6}),/.exec(kkCoupon)?.[1] ?? "";
    const ruNumber = /№ (ALEN-2026-\d{6}) /.exec(ruCoupon)?.[1] ?? "";
    expect(kkCoupon).toBe(
      `✅ Өтінішіңіз тіркелді.\nТалон № ${kkNumber}, 27.11.2026, 10:15.\nОрган: Алматы қаласы Энергетика және сумен жабдықтау басқармасы.\nEstu өтінішті осы органның атынан қабылдады.\nЗаң бойынша жауап мерзімі: 21.12.2026.`,
    );
    expect(ruCoupon).toBe(
      `✅ Ваше обращение зарегистрировано.\nТалон № ${ruNumber} от 27.11.2026, 10:15.\nОрган: Управление энергетики и водоснабжения города Алматы.\nПринято Estu от имени этого органа.\nСрок ответа по закону: 21.12.2026.`,
    );

    expect(await store.appeals.get(kkNumber)).toMatchObject({
      citizenId: "telegram:4001",
      language: "kk",
      status: "registered",
      attachments: [{ kind: "photo", channel: "telegram", fileId: "photo-4001", sizeBytes: 180_000 }],
      location: { latitude: 43.2389, longitude: 76.8897 },
      applicant: { fullName: "Серікова Айгүл", phone: "+77011234567" },
    });
    expect(await store.appeals.get(ruNumber)).toMatchObject({ citizenId: "telegram:4002", language: "ru", applicant: { fullName: "Петров Иван", phone: "+77011234567" } });
    for (const client of [kazakh, russian]) {
      // Every button pressed was one the bot had offered, and every press was answered at once.
      for (const id of client.pressed) expect(inlineIds(client.sent())).toContain(id);
      expect(fake.callsOf("answerCallbackQuery").filter((call) => String(call["callback_query_id"]).startsWith(`${client.chatId}-`))).toHaveLength(client.pressed.length);
      // The hint and the question asked again arrive as one message.
      expect(client.sent().some((payload) => String(payload["text"]).startsWith(`${unsupported[client.language]}\n\n`))).toBe(true);
      expect(client.sent().every((payload) => (payload["link_preview_options"] as { is_disabled?: boolean }).is_disabled)).toBe(true);
    }
  });

  it("asks for the contact with a one-time keyboard and takes it away with the next plain message", () => {
    const sent = russian.sent();
    const request = sent.findIndex((payload) => (payload["reply_markup"] as { keyboard?: { request_contact?: boolean }[][] } | undefined)?.keyboard?.[0]?.[0]?.request_contact);
    expect(sent[request]?.["reply_markup"]).toEqual({ keyboard: [[{ text: expect.any(String), request_contact: true }]], one_time_keyboard: true, resize_keyboard: true });
    expect(sent[request + 1]).toMatchObject({ text: "Ваш почтовый адрес (город или село, улица, дом, квартира):", reply_markup: { remove_keyboard: true } });
  });

  it("handles the same update delivered twice once: one appeal, and the redelivered updates answered as the first time", async () => {
    // The coupon's turn ends with the main menu: wait for it, so it is not mistaken for a reply to what follows.
    await russian.waitForText("the menu after the coupon", (text) => text.startsWith("Что Вы хотите сделать?"), russian.sent().findIndex((payload) => String(payload["text"]).startsWith("✅")));
    const before = russian.sent().length;
    const firstAnswers = russian.sent().slice(-3).map((payload) => payload["text"]);
    // As after a crash between saving a turn and sending its replies: the last updates come again (the address, the confirmation), then a sticker.
    russian.send(...russianJourney.slice(-2), russian.message(sticker));
    const hint = await russian.waitForText("the answer to the sticker", (text) => text.startsWith(`${unsupported.ru}\n\n`), before);
    const again = russian.sent().slice(before).map((payload) => payload["text"]);
    expect(again).toEqual([...firstAnswers, hint]);
    const coupons = russian.sent().filter((payload) => String(payload["text"]).startsWith("✅"));
    expect(new Set(coupons.map((payload) => payload["text"])).size).toBe(1);
    expect(await database.connection.collection("appeals").countDocuments({ citizenId: "telegram:4002" })).toBe(1);
  });
});

describe("citizens' Telegram bot while storage fails", () => {
  it("tells the citizen once to wait, keeps the message unconfirmed and tries it again, then answers it; other chats go on", async () => {
    const outageBot = fake.addBot(700_100, "estu_outage_bot");
    const waiting = new TelegramClient(() => outageBot, 4_010, "ru", () => unixFriday);
    const other = new TelegramClient(() => outageBot, 4_011, "kk", () => unixFriday);
    let storageDown = true;
    // The real dialogue behind a store that refuses chat 4010's messages until it is back.
    const flaky: Dialogue = {
      handle: async (envelope) => {
        if (storageDown && envelope.citizenId === "telegram:4010") throw new Error("connection 1 to 127.0.0.1:27017 closed");
        return dialogue.handle(envelope);
      },
    };
    const host = new CitizenBot({
      token: outageBot.token,
      apiRoot: fake.apiRoot,
      dialogue: flaky,
      redisUrl: redisUrl(),
      log: createLogger("silent"),
      logRef: testLogRef,
      lockPrefix: uniqueName("outage"),
      now: () => friday,
      pleaseWait: (hint) => pleaseWaitText(translator, hint),
      retryBackoff: { firstMs: 20, maxMs: 100 },
    });
    await host.host.start();
    try {
      waiting.send(waiting.message({ text: "/start" }));
      other.send(other.message({ text: "/start" }));
      await waiting.waitForText("the request to wait", (text) => text.startsWith("Мы получили ваше сообщение"));
      await other.waitForText("the other chat's greeting", (text) => text.length > 0);
      // Several tries later, still told only once, and the update still unconfirmed.
      await outageBot.waitFor("more tries", () => (outageBot.callsOf("getUpdates").length >= 1 && outageBot.updates.length > 0 ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(waiting.sent().map((payload) => payload["text"])).toEqual([pleaseWaitText(translator, "ru")]);
      expect(outageBot.updates.some((update) => update.message?.chat.id === 4_010)).toBe(true);
      storageDown = false;
      await waiting.waitForText("the greeting once storage is back", (text) => text.includes("Здравствуйте"), 1);
      expect(waiting.sent().filter((payload) => String(payload["text"]).startsWith("Мы получили"))).toHaveLength(1);
    } finally {
      await host.host.stop();
    }
    // Stopping confirmed the handled batch: nothing is left for the next start.
    expect(outageBot.updates).toEqual([]);
  });
});

describe("chat serializer", () => {
  it("runs one chat's messages one at a time across two processes, and goes on after a failure", async () => {
    const connections = [new Redis(redisUrl()), new Redis(redisUrl())];
    const prefix = uniqueName("locks");
    const problems: string[] = [];
    const [first, second] = connections.map((redis) => new ChatSerializer({ redis, prefix, onLockProblem: (_, problem) => problems.push(problem) }));
    let active = 0;
    let mostActive = 0;
    const order: number[] = [];
    const task = (id: number) => async () => {
      mostActive = Math.max(mostActive, ++active);
      await sleep(5);
      order.push(id);
      active -= 1;
      if (id === 1) throw new Error("this message failed");
    };
    try {
      const runs = [1, 2, 3, 4, 5, 6].map((id) => (id % 2 === 0 ? second : first)?.run("telegram:1", task(id)));
      const results = await Promise.allSettled(runs);
      expect(results.map((result) => result.status)).toEqual(["rejected", "fulfilled", "fulfilled", "fulfilled", "fulfilled", "fulfilled"]);
      expect(mostActive).toBe(1);
      // Within a process the order of arrival holds: 1, 3, 5 and 2, 4, 6.
      expect(order.filter((id) => id % 2 === 1)).toEqual([1, 3, 5]);
      expect(order.filter((id) => id % 2 === 0)).toEqual([2, 4, 6]);
      expect(problems).toEqual([]);
      expect(await connections[0]?.exists(`${prefix}:telegram:1`)).toBe(0);
    } finally {
      for (const redis of connections) redis.disconnect();
    }
  });
});

describe("chat lock of a long message and of a killed process", () => {
  it("renews the lock while a message takes longer than its TTL, and a dead holder's lock frees the chat once its short TTL ends", async () => {
    const connections = [new Redis(redisUrl()), new Redis(redisUrl())];
    const prefix = uniqueName("locks");
    const problems: string[] = [];
    const [first, second] = connections.map((redis) => new ChatSerializer({ redis, prefix, lockTtlMs: 300, onLockProblem: (_, problem) => problems.push(problem) }));
    const events: string[] = [];
    try {
      const long = first?.run("telegram:2", async () => {
        events.push("long started");
        await sleep(1_000);
        events.push("long ended");
      });
      await sleep(50);
      await second?.run("telegram:2", async () => void events.push("next started"));
      await long;
      expect(events).toEqual(["long started", "long ended", "next started"]);
      // What a process killed mid-message leaves: a lock nobody renews.
      await connections[0]?.set(`${prefix}:telegram:3`, "killed-holder", "PX", 300);
      await second?.run("telegram:3", async () => void events.push("after the kill"));
      expect(events.at(-1)).toBe("after the kill");
      expect(problems).toEqual([]);
    } finally {
      for (const redis of connections) redis.disconnect();
    }
  });
});

describe("Telegram sender", () => {
  const notice = { text: "Ответ по обращению ALEN-2026-000001 готов.", choices: [] };
  const sender = () => new TelegramSender({ token: fake.token, apiRoot: fake.apiRoot });
  let nextChatId = 5_100;

  it("sends a notification without touching a reply keyboard, with its buttons inline", async () => {
    await sender().send("telegram:5001", notice);
    await sender().send("telegram:5001", { ...notice, choices: [{ id: "go:rate:ALEN-2026-000001", label: "Оценить ответ" }] });
    expect(fake.callsOf("sendMessage", 5001)).toEqual([
      { chat_id: 5001, text: notice.text, link_preview_options: { is_disabled: true } },
      { chat_id: 5001, text: notice.text, link_preview_options: { is_disabled: true }, reply_markup: { inline_keyboard: [[{ text: "Оценить ответ", callback_data: "go:rate:ALEN-2026-000001" }]] } },
    ]);
  });

  it.each([
    ["a blocked bot", { error_code: 403, description: "Forbidden: bot was blocked by the user" }, { kind: "blocked" }],
    ["a deactivated account", { error_code: 403, description: "Forbidden: user is deactivated" }, { kind: "blocked" }],
    ["a chat that is gone", { error_code: 400, description: "Bad Request: chat not found" }, { kind: "blocked" }],
    ["a long rate limit", { error_code: 429, description: "Too Many Requests: retry after 30", parameters: { retry_after: 30 } }, { kind: "rate_limited", retryAfterMs: 30_000 }],
    ["a server error", { error_code: 502, description: "Bad Gateway" }, { kind: "transient" }],
  ])("classifies %s", async (_, refusal, expected) => {
    const chatId = nextChatId++;
    fake.refuseNextSend(chatId, refusal);
    const failure = await sender().send(`telegram:${chatId}`, notice).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(DeliveryError);
    expect(failure).toMatchObject(expected);
    // The queue waits and retries, not the sender: one call each.
    expect(fake.callsOf("sendMessage", chatId)).toHaveLength(1);
  });

  it("classifies an unreachable Bot API as transient", async () => {
    const unreachable = new TelegramSender({ token: fake.token, apiRoot: "http://127.0.0.1:1" });
    await expect(unreachable.send("telegram:5200", notice)).rejects.toMatchObject({ kind: "transient" });
  });

  it("waits out a short rate limit itself", async () => {
    fake.refuseNextSend(5201, { error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } });
    await sender().send("telegram:5201", notice);
    expect(fake.callsOf("sendMessage", 5201)).toHaveLength(2);
  });
});

describe("Telegram translation", () => {
  const chat = { id: 42, type: "private", first_name: "Citizen" } as const;
  const from: User = { id: 42, is_bot: false, first_name: "Citizen", language_code: "ru" };
  const update = (content: object, kind: "message" | "edited_message" = "message") => ({ update_id: 1, [kind]: { message_id: 9, date: unixFriday, chat, from, ...content } }) as Update;
  const inbound = (content: object, kind?: "message" | "edited_message") => toEnvelope(update(content, kind), friday)?.inbound;

  it("reads files, captions, edits and what it cannot read", () => {
    expect(inbound({ voice: { file_id: "v", file_unique_id: "v", duration: 3, mime_type: "audio/ogg", file_size: 900 } })).toEqual({ type: "media", attachment: { kind: "voice", channel: "telegram", fileId: "v", mimeType: "audio/ogg", sizeBytes: 900 } });
    expect(inbound({ document: { file_id: "d", file_unique_id: "d", mime_type: "application/pdf" }, caption: "Акт" })).toEqual({ type: "media", attachment: { kind: "document", channel: "telegram", fileId: "d", mimeType: "application/pdf" }, caption: "Акт" });
    expect(inbound({ document: { file_id: "n", file_unique_id: "n", file_name: "C:\\Мои документы\\Акт\u202e №3.pdf" } })).toEqual({ type: "media", attachment: { kind: "document", channel: "telegram", fileId: "n", fileName: "Акт №3.pdf" } });
    expect(inbound({ audio: { file_id: "r", file_unique_id: "r", duration: 60, file_name: "запись.mp3" } })).toEqual({ type: "media", attachment: { kind: "audio", channel: "telegram", fileId: "r", fileName: "запись.mp3" } });
    expect(inbound({ animation: { file_id: "a" }, document: { file_id: "a" } })).toEqual({ type: "unsupported", what: "animation" });
    expect(inbound({ contact: { phone_number: "77001112233", first_name: "Friend", user_id: 77 } })).toEqual({ type: "contact", phone: "77001112233", own: false });
    expect(inbound({ text: "/start@estu_test_bot from_site" })).toEqual({ type: "start" });
    expect(toEnvelope(update({ text: "Исправленный текст", edit_date: unixFriday + 60 }, "edited_message"), friday)).toMatchObject({ key: `telegram:42:9:edited:${unixFriday + 60}`, inbound: { type: "text", text: "Исправленный текст" }, sender: { languageHint: "ru" } });
    expect(inbound({ location: { latitude: 43.2, longitude: 76.9, live_period: 900 }, edit_date: unixFriday + 5 }, "edited_message")).toBeUndefined();
    expect(inbound({ pinned_message: { message_id: 3, date: 0, chat } })).toBeUndefined();
    expect(toEnvelope({ update_id: 2, message: { message_id: 1, date: unixFriday, chat: { id: -100, type: "group", title: "Group" }, from, text: "hi" } }, friday)).toBeUndefined();
  });

  it("falls back to numbered lines for an id too long for a button, and splits a long text", () => {
    const [numbered] = toSendParams({ text: "Выберите:", choices: [{ id: "x".repeat(65), label: "Первый" }, { id: "b", label: "Второй" }] }, { removeReplyKeyboard: false });
    expect(numbered).toEqual({ text: "Выберите:\n\n1. Первый\n2. Второй", other: { link_preview_options: { is_disabled: true } } });
    const parts = toSendParams({ text: `${"Абзац ответа. ".repeat(400)}\nКонец.`, choices: [{ id: "ok", label: "OK" }] }, { removeReplyKeyboard: true });
    expect(parts.length).toBe(2);
    expect(parts.every((part) => part.text.length <= maxMessageLength)).toBe(true);
    expect(parts.map((part) => part.other.reply_markup)).toEqual([undefined, { inline_keyboard: [[{ text: "OK", callback_data: "ok" }]] }]);
  });

  it("puts the choices of a location request under its button", () => {
    const [params] = toSendParams({ text: "Где это?", choices: [{ id: "skip", label: "Пропустить" }], request: { kind: "location", label: "Отправить место" } }, { removeReplyKeyboard: true });
    expect(params?.other.reply_markup).toEqual({ keyboard: [[{ text: "Отправить место", request_location: true }], [{ text: "Пропустить" }]], one_time_keyboard: true, resize_keyboard: true });
  });
});
