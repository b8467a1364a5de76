// Notifications from decision to citizen on the real MongoDB-wire server and Redis:
// outbox entry written with the decision, relayed to BullMQ under its id, delivered by
// the worker through the channel, and the outcome recorded on the appeal. The channel
// (Telegram, WhatsApp) is the only stand-in: a recorder that can be told to fail.
import { Queue, type Worker } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor, Appeal } from "../../src/core/appeal/appeal.js";
import type { Outbound } from "../../src/core/outbound.js";
import { DeliveryError, type ChannelSender, type SendReport } from "../../src/core/ports/channel-sender.js";
import { decideOnAppeal, type DecideDeps } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { renderNotice } from "../../src/dialogue/render-notice.js";
import type { DeliveryJob } from "../../src/queue/deliveries.js";
import { createDeliveryWorker } from "../../src/queue/delivery-worker.js";
import { OutboxRelay } from "../../src/queue/outbox-relay.js";
import { producerConnection, workerConnection } from "../../src/queue/redis-connections.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { correctOutboxMarks, ensureAppealIndexes, rebuildAppealIndexes } from "../../src/store/rebuild-appeal-indexes.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedEngine } from "../support/engine-fixture.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";

const now = new Date("2026-11-27T11:00:00+05:00");
const official: Actor = { type: "official", officialId: "telegram:900", agencyId: "akimat_almaty_city" };
const prefix = uniqueName("deliveries");
const producer = producerConnection(redisUrl());
const consumer = workerConnection(redisUrl());

/** The channel's side: records what it was given; a citizen listed in `failures` makes it throw. */
class RecordingChannel implements ChannelSender {
  readonly sent: { citizenId: string; message: Outbound }[] = [];
  readonly failures = new Map<string, DeliveryError[]>();
  /** Files the channel reports gone for good, by citizen. */
  readonly unavailable = new Map<string, number>();
  async send(citizenId: string, message: Outbound): Promise<SendReport> {
    const next = this.failures.get(citizenId)?.shift();
    if (next) throw next;
    this.sent.push({ citizenId, message });
    return { unavailableFiles: this.unavailable.get(citizenId) ?? 0 };
  }
}

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let deps: DecideDeps;
let queue: Queue<DeliveryJob>;
let relay: OutboxRelay;
let worker: Worker;
const channel = new RecordingChannel();
/** The worker's clock: tests move it to make a notice wait long. */
let clock = now;
/** Store calls the worker makes fail while this is true, as when MongoDB is away; every other caller sees the real store. */
let storeAway = false;
/** Store methods that fail once each, on their next call, as a store hiccup would. */
const failOnce = new Set<string>();

beforeAll(async () => {
  database = await openTestDatabase("deliveries");
  store = await openMongoStore(database.connection);
  const [reference, calendar, engine] = await Promise.all([shippedReferenceData(), shippedCalendar(), shippedEngine()]);
  await seedReferenceData(database.connection, reference);
  await store.officials.put({ id: "telegram:900", agencyId: "akimat_almaty_city", role: "supervisor", language: "ru", displayName: "Official", active: true, createdAt: now });
  deps = { appeals: store.appeals, officials: store.officials, directory: store.directory, calendar, onRefused: () => undefined };
  queue = new Queue<DeliveryJob>("deliveries", { connection: producer, prefix });
  relay = new OutboxRelay(queue, store.appeals, { attempts: 3, backoff: { type: "fixed", delay: 100 }, removeOnComplete: { age: 3_600 }, removeOnFail: false });
  const appeals = store.appeals;
  const awayWhenTold = new Proxy(appeals, {
    get: (target, method: string) => {
      const real = Reflect.get(target, method) as (...args: unknown[]) => Promise<unknown>;
      return async (...args: unknown[]) => {
        if (storeAway || failOnce.delete(method)) throw new Error("MongoServerSelectionError: connect ECONNREFUSED");
        return real.apply(target, args);
      };
    },
  });
  worker = createDeliveryWorker({
    connection: consumer,
    prefix,
    appeals: awayWhenTold,
    channelWaitMs: 3_600_000,
    now: () => clock,
    citizens: store.citizens,
    sender: channel,
    render: (appeal, entry, language) => renderNotice({ translator: engine.translator, reference, timeZone: "Asia/Almaty" }, appeal, entry, language),
  });
});

afterAll(async () => {
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  await Promise.all([producer.quit(), consumer.quit()]);
  await database.drop();
});

let submissions = 0;
async function registered(citizenId: string, language: "kk" | "ru", receivedAt = now): Promise<Appeal> {
  submissions += 1;
  await store.citizens.recordConsent(citizenId, { at: now, version: 1 }, { channel: "telegram", language });
  const result = await submitAppeal(deps, { draft: draft({ language }), submissionKey: `${citizenId}:${submissions}`, citizenId, receivedAt });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.appeal;
}

async function answered(citizenId: string, language: "kk" | "ru", receivedAt = now): Promise<Appeal> {
  const appeal = await registered(citizenId, language, receivedAt);
  const result = await decideOnAppeal(deps, appeal.id, { type: "answer", text: "Ыстық су 28 қарашада қосылды.", attachments: [] }, official, now);
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.appeal;
}

async function settled(appealId: string, index = 0): Promise<Appeal> {
  for (let i = 0; i < 200; i++) {
    const appeal = await store.appeals.get(appealId);
    const entry = appeal?.outbox[index];
    if (appeal && (entry?.deliveredAt || entry?.failedAt)) return appeal;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`outbox entry ${index} of ${appealId} was never delivered nor failed`);
}

const sentTo = (citizenId: string) => channel.sent.filter((item) => item.citizenId === citizenId);

describe("notifications", () => {
  it("delivers an answer in the citizen's language with how to contest it, and records the delivery", async () => {
    const appeal = await answered("telegram:11", "kk");
    expect(await relay.relay(appeal)).toBe(1);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.deliveredAt).toBeInstanceOf(Date);
    expect(after.pendingOutbox).toBe(0);
    const [message] = sentTo("telegram:11").map((item) => item.message);
    expect(message?.text).toBe(
      `№ ${appeal.id} өтінішіңізге «Алматы қаласының әкімдігі» жауап берді:\nЫстық су 28 қарашада қосылды.\n\nШешіммен келіспесеңіз, бір ай ішінде — 27.12.2026 дейін сотқа жүгінуге болады (ӘРПК-нің 136-бабы): «Алматы қаласының әкімдігі» үшін шағым қаралатын жоғары тұрған орган жоқ (ӘРПК-нің 91-бабының 3-тармағы).`,
    );
    expect(message?.choices).toEqual([{ id: `go:rate:${appeal.id}`, label: "Жауапты бағалау" }]);
  });

  it("records the files the channel no longer had on the delivered entry, for the appeal card", async () => {
    channel.unavailable.set("telegram:31", 2);
    const appeal = await answered("telegram:31", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]).toMatchObject({ unavailableFiles: 2 });
    expect(after.outbox[0]?.deliveredAt).toBeInstanceOf(Date);
    expect(sentTo("telegram:31")).toHaveLength(1);
  });

  it("speaks the language the citizen chose since, not the one the appeal was written in", async () => {
    const appeal = await answered("telegram:12", "kk");
    await store.citizens.setLanguage("telegram:12", "ru");
    await relay.relay(appeal);
    await settled(appeal.id);
    expect(sentTo("telegram:12")[0]?.message.text).toMatch(/^На Ваше обращение № \S+ дан ответ \(Акимат города Алматы\):/);
  });

  it("queues an entry once however often it is relayed", async () => {
    const appeal = await answered("telegram:13", "ru");
    await Promise.all([relay.relay(appeal), relay.relay(appeal), relay.relay(appeal)]);
    await settled(appeal.id);
    await relay.relay((await store.appeals.get(appeal.id)) as Appeal);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sentTo("telegram:13")).toHaveLength(1);
  });

  it("delivers what a crash left in the outbox when the sweep runs", async () => {
    const appeal = await answered("telegram:14", "ru");
    expect(await relay.sweep()).toBeGreaterThanOrEqual(1);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.deliveredAt).toBeInstanceOf(Date);
    expect(sentTo("telegram:14")).toHaveLength(1);
  });

  it("records a citizen who blocked the bot as a permanent failure, without retrying", async () => {
    channel.failures.set("telegram:15", [new DeliveryError("blocked", "Forbidden: bot was blocked by the user")]);
    const appeal = await answered("telegram:15", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]).toMatchObject({ failure: "Forbidden: bot was blocked by the user" });
    expect(after.outbox[0]?.deliveredAt).toBeUndefined();
    expect(after.pendingOutbox).toBe(0);
    expect(channel.failures.get("telegram:15")).toEqual([]);
    expect(sentTo("telegram:15")).toHaveLength(0);
  });

  it("retries transient failures and waits out a rate limit without spending attempts", async () => {
    channel.failures.set("telegram:16", [
      new DeliveryError("rate_limited", "Too Many Requests: retry after 1", 1_000),
      new DeliveryError("rate_limited", "Too Many Requests: retry after 1", 1_000),
      new DeliveryError("transient", "Bad Gateway"),
      new DeliveryError("transient", "Bad Gateway"),
    ]);
    const appeal = await answered("telegram:16", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.deliveredAt).toBeInstanceOf(Date);
    expect(sentTo("telegram:16")).toHaveLength(1);
  });

  it("offers a message this process cannot send (another owns the channel) again, without spending attempts", async () => {
    // As many refusals as the job has attempts: were they counted, the delivery would be given up.
    channel.failures.set("telegram:19", [1, 2, 3].map(() => new DeliveryError("elsewhere", "WhatsApp is not connected in this process", 1)));
    const appeal = await answered("telegram:19", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.deliveredAt).toBeInstanceOf(Date);
    expect(after.outbox[0]?.failedAt).toBeUndefined();
    expect(sentTo("telegram:19")).toHaveLength(1);
  });

  it("gives up after the last attempt and says so on the appeal", async () => {
    channel.failures.set("telegram:17", [1, 2, 3].map(() => new DeliveryError("transient", "Bad Gateway")));
    const appeal = await answered("telegram:17", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.failure).toBe("gave up after 3 attempts: Bad Gateway");
  });

  it("tells the citizen of each decision: taken, clarification with a reply button, extension with the new date", async () => {
    const appeal = await registered("telegram:18", "ru");
    await decideOnAppeal(deps, appeal.id, { type: "take" }, official, now);
    await decideOnAppeal(deps, appeal.id, { type: "extend", newDeadline: "2027-01-15", reason: "Нужна экспертиза" }, official, now);
    const asked = await decideOnAppeal(deps, appeal.id, { type: "ask_clarification", question: "Уточните номер подъезда." }, official, now);
    if (!asked.ok) throw new Error(JSON.stringify(asked));
    await relay.relay(asked.appeal);
    await settled(appeal.id, 2);
    await settled(appeal.id, 1);
    await settled(appeal.id, 0);
    const texts = sentTo("telegram:18").map((item) => item.message.text).sort();
    expect(texts).toEqual(
      [
        `Ваше обращение № ${appeal.id} принято в работу: Акимат города Алматы. Срок ответа: 21.12.2026.`,
        `Срок рассмотрения обращения № ${appeal.id} продлён до 15.01.2027. Причина: Нужна экспертиза.`,
        `По обращению № ${appeal.id} орган «Акимат города Алматы» просит уточнить:\nУточните номер подъезда.\nЧтобы ответить, просто напишите ответ или отправьте фото.`,
      ].sort(),
    );
    const clarification = sentTo("telegram:18").find((item) => item.message.text.startsWith("По обращению"));
    expect(clarification?.message.choices).toEqual([{ id: `go:clarify:${appeal.id}`, label: "Ответить" }]);
  });

  it("records each send before it begins, and a delivery once", async () => {
    const appeal = await answered("telegram:20", "ru");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]).toMatchObject({ sends: 1, sendingAt: now, deliveredAt: now });
    expect(sentTo("telegram:20")).toHaveLength(1);
  });

  it("does not send again when the store failed to mark a sent notice delivered: the retry only marks it", async () => {
    const appeal = await answered("telegram:21", "ru");
    failOnce.add("markOutbox");
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]).toMatchObject({ sends: 1, deliveredAt: now });
    expect(after.outbox[0]?.failedAt).toBeUndefined();
    expect(sentTo("telegram:21")).toHaveLength(1);
  });

  it("sends once more after a crash between the send and its mark, and the entry shows the second send", async () => {
    const appeal = await answered("telegram:22", "ru");
    // What a process killed right after the channel took the notice leaves: a send begun, nothing marked, no `sent` in Redis.
    expect(await store.appeals.markOutboxSending(appeal.id, 0, appeal.outbox[0]?.id ?? "", now)).toBe(true);
    await channel.send("telegram:22", { text: "the notice, sent before the crash", choices: [] });
    await relay.relay(appeal);
    const after = await settled(appeal.id);
    expect(after.outbox[0]).toMatchObject({ sends: 2, deliveredAt: now });
    expect(sentTo("telegram:22")).toHaveLength(2);
  });

  it("queues again a notice whose job ran out of attempts while MongoDB was away, and delivers it when it is back", async () => {
    const appeal = await answered("telegram:23", "ru");
    storeAway = true;
    try {
      expect(await relay.relay(appeal)).toBe(1);
      await expect.poll(() => queue.getJobState(appeal.outbox[0]?.id ?? ""), { timeout: 10_000 }).toBe("failed");
    } finally {
      storeAway = false;
    }
    expect((await store.appeals.get(appeal.id))?.pendingOutbox).toBe(1);
    // A plain re-add under the failed job's id would be ignored by BullMQ; the relay must count only what it queued.
    expect(await relay.relay(appeal)).toBe(1);
    expect(await relay.relay(appeal)).toBe(0);
    const after = await settled(appeal.id);
    expect(after.outbox[0]?.deliveredAt).toEqual(now);
    expect(sentTo("telegram:23")).toHaveLength(1);
  });

  it("sweeps by number, a page at a time, so entries beyond the first page are reached too", async () => {
    const [first, second, third] = [await answered("telegram:24", "ru"), await answered("telegram:25", "ru"), await answered("telegram:26", "ru")];
    const firstPage = await store.appeals.listWithPendingOutbox(2);
    expect(firstPage.appeals.map((appeal) => appeal.id)).toEqual([first.id, second.id]);
    expect(firstPage.next).toBe(second.id);
    expect(await store.appeals.listWithPendingOutbox(2, firstPage.next)).toMatchObject({ appeals: [{ id: third.id }], next: undefined });
    expect(await relay.sweep(1)).toBe(3);
    for (const appeal of [first, second, third]) expect((await settled(appeal.id)).outbox[0]?.deliveredAt).toEqual(now);
  });

  it("marks an appeal for the sweep before its notice is written and unmarks it once the notice is settled or the change refused", async () => {
    const marks = database.connection.collection<{ _id: string; n?: number }>("appeal_outbox_marks");
    const appeal = await answered("telegram:28", "ru");
    expect(await marks.findOne({ _id: appeal.id })).toEqual({ _id: appeal.id, n: 1 });
    expect(await relay.relay(appeal)).toBe(1);
    await settled(appeal.id);
    await expect.poll(() => marks.findOne({ _id: appeal.id })).toBeNull();

    // A decision refused for a stale version raised the mark first; it is lowered again.
    const [history, outbox] = [appeal.history.at(-1), appeal.outbox.at(-1)];
    if (!history || !outbox) throw new Error("an answered appeal has history and an outbox entry");
    const refused = await store.appeals.apply({ appealId: appeal.id, expectedVersion: 0, expectedStatus: "answered", set: {}, history, outbox });
    expect(refused).toEqual({ ok: false, reason: "stale" });
    expect(await marks.findOne({ _id: appeal.id })).toBeNull();
  });

  it("reads a mark left too high by a process that died before writing its notice as nothing pending, and recount sets it right", async () => {
    const marks = database.connection.collection<{ _id: string; n?: number }>("appeal_outbox_marks");
    const appeal = await answered("telegram:29", "ru");
    expect(await relay.relay(appeal)).toBe(1);
    await settled(appeal.id);
    await marks.updateOne({ _id: appeal.id }, { $inc: { n: 1 } }, { upsert: true });
    expect((await store.appeals.listWithPendingOutbox(200)).appeals.map((pending) => pending.id)).not.toContain(appeal.id);
    expect(await relay.sweep()).toBe(0);
    await rebuildAppealIndexes(database.connection);
    expect(await marks.findOne({ _id: appeal.id })).toBeNull();
    // What a crash between lowering a mark and deleting it leaves: a mark at zero, deleted by the recount too.
    await marks.insertOne({ _id: appeal.id, n: 0 });
    await rebuildAppealIndexes(database.connection);
    expect(await marks.findOne({ _id: appeal.id })).toBeNull();
  });

  it("keeps the mark of a notice written after recount's scan, so the sweep still finds it", async () => {
    const marks = database.connection.collection<{ _id: string; n?: number }>("appeal_outbox_marks");
    const appeal = await answered("telegram:31", "ru");
    // As recount saw it: the mark read before its scan, and the scan before the notice's write landed.
    await correctOutboxMarks(database.connection, [{ _id: appeal.id, n: 1 }], new Map());
    expect(await marks.findOne({ _id: appeal.id })).toEqual({ _id: appeal.id, n: 1 });
    expect(await relay.sweep()).toBe(1);
    expect((await settled(appeal.id)).outbox[0]?.deliveredAt).toEqual(now);
  });

  it("marks the appeals an older release left with pending notices, once, and the sweep then delivers them", async () => {
    const marks = database.connection.collection<{ _id: string; n?: number }>("appeal_outbox_marks");
    const appeal = await answered("telegram:30", "ru");
    // As a database from before the marks: the notice is pending and nothing marks it.
    await marks.deleteMany({});
    expect((await store.appeals.listWithPendingOutbox(200)).appeals).toEqual([]);
    expect(await ensureAppealIndexes(database.connection)).toBe(true);
    expect(await ensureAppealIndexes(database.connection)).toBe(false);
    expect(await marks.findOne({ _id: appeal.id })).toEqual({ _id: appeal.id, n: 1 });
    expect(await relay.sweep()).toBe(1);
    expect((await settled(appeal.id)).outbox[0]?.deliveredAt).toEqual(now);
  });

  it("gives up a notice whose channel stayed away too long and says so on the appeal", async () => {
    const appeal = await answered("telegram:27", "ru");
    clock = new Date(now.getTime() + 2 * 3_600_000);
    try {
      channel.failures.set("telegram:27", [new DeliveryError("elsewhere", "WhatsApp is not connected in this process", 1)]);
      await relay.relay(appeal);
      const after = await settled(appeal.id);
      expect(after.outbox[0]?.failure).toBe("the channel stayed unavailable: WhatsApp is not connected in this process");
      expect(after.pendingOutbox).toBe(0);
    } finally {
      clock = now;
    }
  });
});
