// Crash and outage safety of the whole application (issue 13): the real app as a child
// process (`src/main.ts`) against a fake Bot API that redelivers every update until a
// getUpdates offset confirms it, as Telegram does, on MongoDB-wire and Redis servers of
// this test's own (it stops them). Citizens file appeals and an official answers them
// while the app is SIGKILLed at random moments and at each critical point
// (ESTU_CRASH_AT), then MongoDB and Redis are each stopped for 30 s. Nothing may be lost
// or registered twice; every answer must arrive, at most once more per kill.
import { setTimeout as sleep } from "node:timers/promises";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CrashPoint } from "../../src/crash-point.js";
import { freePort } from "../../src/embedded/free-port.js";
import { openMongoStore } from "../../src/store/mongo-store.js";
import { FakeBotApi, type FakeBot } from "../support/fake-bot-api.js";
import { restartableMongo, restartableRedis, type RestartableService } from "../support/restartable-services.js";
import { appealUpdates, TelegramClient, type Shown } from "../support/telegram-client.js";
import { AppProcess } from "./app-process.js";

const outageMs = 30_000;
const agency = "almaty_energy_department";
const database = "estu_crash";

let mongo: RestartableService;
let redis: RestartableService;
let fake: FakeBotApi;
let adminBot: FakeBot;
let app: AppProcess;
let connection: Connection;

const citizens = Array.from({ length: 22 }, (_, i) => new TelegramClient(() => fake.main, 10_001 + i, i % 2 === 0 ? "kk" : "ru"));
const latecomers = Array.from({ length: 3 }, (_, i) => new TelegramClient(() => fake.main, 20_001 + i, i % 2 === 0 ? "ru" : "kk"));
const official = new TelegramClient(() => adminBot, 7_001, "ru", undefined, "Асель Нурланова");

type StoredAppeal = Readonly<{ _id: string; citizenId: string; outbox: readonly Readonly<{ deliveredAt?: Date; failedAt?: Date }>[] }>;
const appealsOf = async () => connection.collection<StoredAppeal>("appeals").find({}).toArray();

beforeAll(async () => {
  [mongo, redis, fake] = await Promise.all([restartableMongo(), restartableRedis(), FakeBotApi.start()]);
  adminBot = fake.addBot(800_000, "estu_admin_test_bot");
  app = new AppProcess({
    MONGODB_URI: mongo.url,
    MONGODB_DB: database,
    REDIS_URL: redis.url,
    TELEGRAM_BOT_TOKEN: fake.main.token,
    TELEGRAM_ADMIN_BOT_TOKEN: adminBot.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ESTU_REDIS_PREFIX: "crash",
    ESTU_HTTP_PORT: String(await freePort()),
    ESTU_SIMULATOR: "false",
    LOG_LEVEL: "warn",
  });
  connection = await mongoose.createConnection(mongo.url, { dbName: database, autoIndex: false }).asPromise();
  const store = await openMongoStore(connection);
  await store.officials.put({ id: "telegram:7001", agencyId: agency, role: "supervisor", language: "ru", displayName: "Асель Нурланова", active: true, createdAt: new Date() });
}, 180_000);

afterAll(async () => {
  await app?.stop();
  await connection?.close();
  await fake?.close();
  await Promise.all([mongo?.stop(), redis?.stop()]);
});

const couponNumber = (client: TelegramClient) =>
  client.sent().map((payload) => /^✅[^\n]*\n?[\s\S]*?№ ([A-Z]+-\d{4}-\d{6})/u.exec(String(payload["text"]))?.[1]).find(Boolean);
const answerText = (number: string) => `Горячая вода по обращению ${number} подана.`;
const answersTo = (client: TelegramClient, number: string) => client.sent().filter((payload) => String(payload["text"]).includes(answerText(number))).length;

/** Waits (through restarts) for what the official is shown next that passes `test`. */
async function officialSees(what: string, act: () => void, test: (shown: Shown) => boolean): Promise<void> {
  const before = official.shown().length;
  act();
  await adminBot.waitFor(what, () => official.shown().slice(before).find(test), 60_000);
}

async function answer(number: string): Promise<void> {
  await officialSees(`the answer prompt of ${number}`, () => official.send(official.press(`d:answer:${number}`)), (shown) => shown.text.startsWith(`Напишите ответ на обращение № ${number}`));
  await officialSees(`the preview of ${number}`, () => official.send(official.message({ text: answerText(number) })), (shown) => shown.text.startsWith(`Ответ на обращение № ${number}:`));
  await officialSees(`the confirmation of ${number}`, () => official.send(official.press("ok")), (shown) => shown.text === `Ответ на обращение № ${number} отправлен заявителю.`);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n--- the app's last output ---\n${app.output}`);
    await sleep(250);
  }
}

/** Restarts the app armed at `point`, and restarts it unarmed once it killed itself (or after `timeoutMs`, killed by the test). */
async function aimedKill(point: CrashPoint, provoke: () => void, timeoutMs = 40_000): Promise<boolean> {
  await app.kill();
  app.start(point);
  provoke();
  const reached = await app.diesWithin(timeoutMs);
  if (!reached) await app.kill();
  app.start();
  return reached;
}

const delivered = async (count: number) => {
  const appeals = await appealsOf();
  return appeals.length >= count && appeals.every((appeal) => appeal.outbox.length > 0 && appeal.outbox.every((entry) => entry.deliveredAt ?? entry.failedAt));
};

describe("crashes and outages lose nothing", () => {
  it("keeps every appeal, coupon and answer through random and aimed kill -9s", { timeout: 170_000 }, async () => {
    const [early, middle, late] = [citizens.slice(0, 16), citizens.slice(16, 19), citizens.slice(19)];
    app.start();
    for (const client of early) client.send(...appealUpdates(client));
    const randomKills = 3;
    for (let i = 0; i < randomKills; i++) {
      await sleep(1_500 + Math.floor(Math.random() * 2_500));
      await app.kill();
      app.start();
    }
    const reached: Partial<Record<CrashPoint, boolean>> = {
      "after-store-before-reply": await aimedKill("after-store-before-reply", () => middle.forEach((client) => client.send(...appealUpdates(client)))),
      "after-create-before-mark": await aimedKill("after-create-before-mark", () => late.forEach((client) => client.send(...appealUpdates(client)))),
    };
    await until("an appeal of every citizen", async () => (await appealsOf()).length >= citizens.length, 90_000);
    await until("every citizen's coupon", async () => citizens.every(couponNumber), 20_000).catch(() => undefined);

    const appeals = await appealsOf();
    const perCitizen = citizens.map((client) => appeals.filter((appeal) => appeal.citizenId === `telegram:${client.chatId}`));
    const withCoupon = citizens.filter((client, i) => couponNumber(client) === perCitizen[i]?.[0]?._id);

    await app.kill();
    app.start("after-send-before-mark");
    const rearmed = app.diesWithin(120_000).then((died) => {
      if (died) app.start();
      return died;
    });
    for (const [number] of perCitizen.map((found) => found.map((appeal) => appeal._id))) if (number) await answer(number);
    await until("every answer delivered", () => delivered(citizens.length), 100_000);
    reached["after-send-before-mark"] = await rearmed;

    const answers = citizens.map((client, i) => answersTo(client, perCitizen[i]?.[0]?._id ?? "?"));
    const duplicates = answers.reduce((sum, count) => sum + Math.max(count - 1, 0), 0);
    console.log(
      `[crash] citizens ${citizens.length}, kills ${app.kills} (random ${randomKills}; aimed reached: ${JSON.stringify(reached)}), ` +
        `appeals ${appeals.length}, lost ${perCitizen.filter((found) => found.length === 0).length}, duplicated ${perCitizen.filter((found) => found.length > 1).length}, ` +
        `coupons ${withCoupon.length}/${citizens.length}, answers delivered ${answers.filter((count) => count > 0).length}/${citizens.length}, duplicate answers ${duplicates}`,
    );
    expect(reached).toEqual({ "after-store-before-reply": true, "after-create-before-mark": true, "after-send-before-mark": true });
    expect(perCitizen.map((found) => found.length)).toEqual(citizens.map(() => 1));
    expect(answers.every((count) => count >= 1)).toBe(true);
    expect(duplicates).toBeLessThanOrEqual(app.kills);
    expect.soft(withCoupon.length, "every citizen who confirmed got the coupon of their appeal").toBe(citizens.length);
  });

  it("loses nothing while MongoDB and then Redis are stopped for 30 s each, and tells citizens to wait", { timeout: 170_000 }, async () => {
    const before = await appealsOf();
    await mongo.stop();
    const outageStart = latecomers.map((client) => client.sent().length);
    for (const client of latecomers) client.send(...appealUpdates(client));
    await sleep(outageMs);
    const toldToWait = latecomers.filter((client, i) => client.sent().length > (outageStart[i] ?? 0)).length;
    await mongo.start();
    await until("the appeals written during the MongoDB outage", async () => (await appealsOf()).length >= before.length + latecomers.length, 60_000);
    await until("their coupons", async () => latecomers.every(couponNumber), 20_000).catch(() => undefined);
    const appeals = await appealsOf();
    const numbers = latecomers.map((client) => appeals.find((appeal) => appeal.citizenId === `telegram:${client.chatId}`)?._id ?? "?");
    const coupons = latecomers.filter((client, i) => couponNumber(client) === numbers[i]).length;

    await redis.stop();
    const answering = (async () => {
      for (const number of numbers) await answer(number);
    })();
    await sleep(outageMs);
    await redis.start();
    await answering;
    await until("every answer delivered after the outages", () => delivered(before.length + latecomers.length), 90_000);
    const answered = latecomers.filter((client, i) => answersTo(client, numbers[i] ?? "?") >= 1).length;
    console.log(
      `[outage] MongoDB down ${outageMs / 1_000} s: ${latecomers.length} citizens wrote, told to wait ${toldToWait}, appeals kept ${appeals.length - before.length}, coupons ${coupons}; ` +
        `Redis down ${outageMs / 1_000} s: answers delivered after ${answered}/${latecomers.length}`,
    );
    expect(appeals.length - before.length).toBe(latecomers.length);
    expect(answered).toBe(latecomers.length);
    expect(coupons).toBe(latecomers.length);
    expect(toldToWait).toBe(latecomers.length);
  });
});
