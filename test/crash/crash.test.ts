// Crash and outage safety of the whole application (issue 13): the real app as a child
// process (`src/main.ts`) against a fake Bot API that redelivers every update until a
// getUpdates offset confirms it, as Telegram does, on MongoDB-wire and Redis servers of
// this test's own (it stops them). Citizens file appeals and an official answers them
// while the app is SIGKILLed at random moments and at each critical point
// (ESTU_CRASH_AT), then MongoDB and Redis are each stopped for 30 s while more citizens
// write and the official answers them. One timeline, to stay under 3 minutes on two
// cores. Nothing may be lost or registered twice; every answer must arrive, at most
// once more per kill.
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

const citizens = Array.from({ length: 20 }, (_, i) => new TelegramClient(() => fake.main, 10_001 + i, i % 2 === 0 ? "kk" : "ru"));
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

/** The appeal number of the coupon this citizen was shown, if any. */
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
  // A kill right after the answer is stored may cost the official the confirmation (not the answer): the stored status tells.
  const before = official.shown().length;
  official.send(official.press("ok"));
  const confirmed = () => official.shown().slice(before).some((shown) => shown.text === `Ответ на обращение № ${number} отправлен заявителю.`);
  const stored = async () => (await connection.collection<{ _id: string; status: string }>("appeals").findOne({ _id: number }).catch(() => null))?.status === "answered";
  await until(`the confirmation of ${number}`, async () => confirmed() || (await stored()), 60_000);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}\n--- the app's last output ---\n${app.output}`);
    await sleep(250);
  }
}

/** Waits for the app, armed at some point, to kill itself there; then starts it again armed at `next` (or not). */
async function killedItself(next?: CrashPoint): Promise<boolean> {
  const reached = await app.diesWithin(60_000);
  if (!reached) await app.kill();
  app.start(next);
  return reached;
}

const delivered = async () => {
  const appeals = await appealsOf();
  return appeals.every((appeal) => appeal.outbox.length > 0 && appeal.outbox.every((entry) => entry.deliveredAt ?? entry.failedAt));
};

const storedOf = (appeals: readonly StoredAppeal[], client: TelegramClient) => appeals.filter((appeal) => appeal.citizenId === `telegram:${client.chatId}`);
const hasCouponOf = (client: TelegramClient, appeals: readonly StoredAppeal[]) => {
  const number = couponNumber(client);
  return number !== undefined && number === storedOf(appeals, client)[0]?._id;
};

describe("crashes and outages lose nothing", () => {
  it("keeps every appeal, coupon and answer through kill -9s and 30 s outages of MongoDB and Redis", { timeout: 200_000 }, async () => {
    const began = Date.now();
    const phase: Record<string, number> = {};
    const mark = (name: string) => {
      phase[name] = Math.round((Date.now() - began) / 1_000);
      console.log(`[crash] ${phase[name]} s: ${name}, ${app.kills} kills so far`);
    };
    const [early, late] = [citizens.slice(0, 16), citizens.slice(16)];
    const reached: Partial<Record<CrashPoint, boolean>> = {};

    // Citizens file appeals; the first saved turn kills the app before its reply goes out.
    app.start("after-store-before-reply");
    for (const client of early) client.send(...appealUpdates(client));
    reached["after-store-before-reply"] = await killedItself();
    mark("killed after a turn was stored, before its reply");
    const randomKills = 2;
    for (let i = 0; i < randomKills; i++) {
      await sleep(1_000 + Math.floor(Math.random() * 3_000));
      await app.kill();
      app.start(i === randomKills - 1 ? "after-create-before-mark" : undefined);
    }
    // The next appeal stored kills it before the submission is marked; the one after it is armed for the answers.
    for (const client of late) client.send(...appealUpdates(client));
    reached["after-create-before-mark"] = await killedItself("after-decision-before-relay");
    mark("killed after an appeal was created, before its submission was marked");
    await until("an appeal of every citizen", async () => (await appealsOf()).length >= citizens.length, 90_000);
    await until("every citizen's coupon", async () => citizens.every(couponNumber), 15_000).catch(() => undefined);
    mark("filed");
    const filed = await appealsOf();
    const withCoupon = citizens.filter((client) => hasCouponOf(client, filed)).length;

    // The official answers each: the first answer stored kills the app before its notice is queued (the sweep at the
    // restart finds it by its outbox mark), and the next answer sent kills it before it is marked delivered.
    const answerCrashes = (async () => ({ decision: await killedItself("after-send-before-mark"), send: await killedItself() }))();
    for (const client of citizens) {
      const number = storedOf(filed, client)[0]?._id;
      if (number) await answer(number);
    }
    mark("answered");

    // MongoDB away for 30 s while three more citizens write; the stalled and new deliveries wait too.
    await mongo.stop();
    const outageStart = latecomers.map((client) => client.sent().length);
    for (const client of latecomers) client.send(...appealUpdates(client));
    await sleep(outageMs);
    const toldToWait = latecomers.filter((client, i) => client.sent().length > (outageStart[i] ?? 0)).length;
    await mongo.start();
    mark("mongo back");
    await until("the appeals written while MongoDB was away", async () => (await appealsOf()).length >= citizens.length + latecomers.length, 30_000).catch(() => undefined);
    await until("their coupons", async () => latecomers.every(couponNumber), 5_000).catch(() => undefined);
    const afterMongo = await appealsOf();
    const latecomerCoupons = latecomers.filter((client) => hasCouponOf(client, afterMongo)).length;

    // Redis away for 30 s while the official answers them: the decisions stand, the notices wait.
    await redis.stop();
    const answering = (async () => {
      for (const client of latecomers) {
        const number = storedOf(afterMongo, client)[0]?._id;
        if (number) await answer(number);
      }
    })();
    await sleep(outageMs);
    await redis.start();
    mark("redis back");
    await answering.catch(() => undefined);
    await until("every answer delivered", delivered, 60_000);
    const { decision, send } = await answerCrashes;
    reached["after-decision-before-relay"] = decision;
    reached["after-send-before-mark"] = send;
    mark("delivered");

    const appeals = await appealsOf();
    const everyone = [...citizens, ...latecomers];
    const perCitizen = everyone.map((client) => storedOf(appeals, client));
    const answers = everyone.map((client, i) => answersTo(client, perCitizen[i]?.[0]?._id ?? "?"));
    const duplicates = answers.reduce((sum, count) => sum + Math.max(count - 1, 0), 0);
    console.log(
      `[crash] ${citizens.length} citizens, ${app.kills} kills (${randomKills} random; critical points reached ${JSON.stringify(reached)}): ` +
        `appeals ${filed.length}, lost ${citizens.length - new Set(filed.map((appeal) => appeal.citizenId)).size}, duplicated ${filed.length - new Set(filed.map((appeal) => appeal.citizenId)).size}, ` +
        `coupons ${withCoupon}/${citizens.length}\n` +
        `[outage] MongoDB down ${outageMs / 1_000} s: ${latecomers.length} citizens wrote, ${toldToWait} told to wait, ${afterMongo.length - filed.length} appeals kept, ${latecomerCoupons} coupons; Redis down ${outageMs / 1_000} s while the official answered\n` +
        `[delivery] answers delivered ${answers.filter((count) => count > 0).length}/${everyone.length}, duplicate answers ${duplicates}; seconds at ${JSON.stringify(phase)}`,
    );
    expect(reached).toEqual({ "after-store-before-reply": true, "after-create-before-mark": true, "after-decision-before-relay": true, "after-send-before-mark": true });
    expect(perCitizen.map((found) => found.length), "one appeal per citizen: none lost, none twice").toEqual(everyone.map(() => 1));
    expect(answers.filter((count) => count === 0).length, "citizens whose answer never came").toBe(0);
    expect(duplicates).toBeLessThanOrEqual(app.kills);
    expect(withCoupon, "citizens who confirmed and got the coupon of their appeal, through the kills").toBe(citizens.length);
    expect(latecomerCoupons, "coupons of appeals written while MongoDB was away").toBe(latecomers.length);
    expect(toldToWait, "citizens told to wait while MongoDB was away").toBe(latecomers.length);
  });
});
