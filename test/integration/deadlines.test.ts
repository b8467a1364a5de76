// Deadline reminders on the real Redis and the real store, with the clock passed in:
// planned at the right working moments, planned once however often, moved with the
// deadline; run, they alert the right officials once, and the passing of a deadline is
// marked once with one notice to the citizen and one alert per supervisor.
import { Queue, type Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderAlert } from "../../src/admin/alerts.js";
import type { Actor, Appeal } from "../../src/core/appeal/appeal.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import { defaultWorkingHours } from "../../src/core/deadlines/working-hours.js";
import type { Outbound } from "../../src/core/outbound.js";
import type { ChannelSender } from "../../src/core/ports/channel-sender.js";
import { decideOnAppeal, type DecideDeps } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { createAlertWorker } from "../../src/queue/alert-worker.js";
import { alertIncoming } from "../../src/queue/incoming-alerts.js";
import { runReminder, type DeadlineWorkerOptions } from "../../src/queue/deadline-worker.js";
import { DeadlineScheduler } from "../../src/queue/deadline-scheduler.js";
import { alertsQueueName, deadlinesQueueName, type AlertJob, type DeadlineJob } from "../../src/queue/deadlines.js";
import { producerConnection, workerConnection } from "../../src/queue/redis-connections.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedEngine } from "../support/engine-fixture.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";

const friday = new Date("2026-11-27T11:00:00+05:00");
const agencyId = "akimat_almaty_city";
const supervisor: Actor = { type: "official", officialId: "telegram:810", agencyId };
const prefix = uniqueName("deadlines");
const producer = producerConnection(redisUrl());
const consumer = workerConnection(redisUrl());

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let calendar: WorkingCalendar;
let deps: DecideDeps;
let deadlines: Queue<DeadlineJob>;
let alerts: Queue<AlertJob>;
let scheduler: DeadlineScheduler;
const relayed: Appeal[] = [];

beforeAll(async () => {
  database = await openTestDatabase("deadlines");
  store = await openMongoStore(database.connection);
  const reference = await shippedReferenceData();
  calendar = await shippedCalendar();
  await seedReferenceData(database.connection, reference);
  const official = (id: string, role: "official" | "supervisor", active = true) =>
    store.officials.put({ id, agencyId, role, language: role === "supervisor" ? "ru" : "kk", displayName: id, active, createdAt: friday });
  await Promise.all([official("telegram:810", "supervisor"), official("telegram:811", "official"), official("telegram:812", "official"), official("telegram:813", "official", false)]);
  deps = { appeals: store.appeals, officials: store.officials, directory: store.directory, calendar, onRefused: () => undefined };
  deadlines = new Queue<DeadlineJob>(deadlinesQueueName, { connection: producer, prefix });
  alerts = new Queue<AlertJob>(alertsQueueName, { connection: producer, prefix });
  scheduler = new DeadlineScheduler(deadlines, calendar, defaultWorkingHours);
});

afterAll(async () => {
  for (const queue of [deadlines, alerts]) {
    await queue.obliterate({ force: true });
    await queue.close();
  }
  await Promise.all([producer.quit(), consumer.quit()]);
  await database.drop();
});

let submissions = 0;
async function registered(): Promise<Appeal> {
  submissions += 1;
  const result = await submitAppeal(deps, { draft: draft(), submissionKey: `deadlines:${submissions}`, citizenId: `telegram:77${submissions}`, receivedAt: friday });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.appeal;
}

/** The delayed reminders of an appeal planned on Friday: each due `delay` ms after that Friday, at its `at`. */
async function planned(appealId: string): Promise<Record<string, string>> {
  const jobs = (await deadlines.getDelayed()).filter((job) => job.data.appealId === appealId);
  for (const job of jobs) expect(friday.getTime() + (job.opts.delay ?? 0)).toBe(Date.parse(job.data.at));
  return Object.fromEntries(jobs.map((job) => [job.id ?? "", job.data.at]));
}

const options = (now: Date): DeadlineWorkerOptions => ({
  connection: consumer,
  prefix,
  decide: deps,
  alerts,
  onMarked: async (appeal) => void relayed.push(appeal),
  now: () => now,
});

/** The queued job of one reminder, to run it as the worker would. */
async function reminderJob(appealId: string, deadline: string, kind: DeadlineJob["kind"]): Promise<Job<DeadlineJob>> {
  const job = await deadlines.getJob(`${appealId}.${deadline}.${kind}`);
  if (!job) throw new Error(`no ${kind} reminder for ${appealId} ${deadline}`);
  return job;
}

const alertIds = async (appealId: string) => (await alerts.getWaiting(0, 1_000)).filter((job) => job.data.appealId === appealId).map((job) => job.id).sort();

describe("deadline reminders", () => {
  it("plans the reminders at 09:00 on working days: 3 working days before, on the day, and the morning after", async () => {
    const appeal = await registered();
    // 15 working days from Monday 30 November, skipping Independence Day (Wednesday 16 December).
    expect(appeal.deadline).toBe("2026-12-21");
    await scheduler.schedule(appeal, friday);
    expect(await planned(appeal.id)).toEqual({
      // Three working days before Monday the 21st: the 18th, the 17th and, past the holiday, the 15th.
      [`${appeal.id}.2026-12-21.before3`]: "2026-12-15T04:00:00.000Z",
      [`${appeal.id}.2026-12-21.due`]: "2026-12-21T04:00:00.000Z",
      [`${appeal.id}.2026-12-21.overdue`]: "2026-12-22T04:00:00.000Z",
    });
  });

  it("plans once however often it is asked, and moves the reminders with an extension", async () => {
    const appeal = await registered();
    await scheduler.schedule(appeal, friday);
    await scheduler.schedule(appeal, friday);
    expect(Object.keys(await planned(appeal.id))).toHaveLength(3);

    await decideOnAppeal(deps, appeal.id, { type: "take" }, supervisor, friday);
    const extended = await decideOnAppeal(deps, appeal.id, { type: "extend", newDeadline: "2027-01-15", reason: "Нужна экспертиза" }, supervisor, friday);
    if (!extended.ok) throw new Error(JSON.stringify(extended));
    await scheduler.schedule(extended.appeal, friday);
    expect(await planned(appeal.id)).toEqual({
      [`${appeal.id}.2027-01-15.before3`]: "2027-01-12T04:00:00.000Z",
      [`${appeal.id}.2027-01-15.due`]: "2027-01-15T04:00:00.000Z",
      [`${appeal.id}.2027-01-15.overdue`]: "2027-01-18T04:00:00.000Z",
    });
  });

  it("sweeps every open appeal into the queue, in one pass over their numbers, and leaves an answered one alone", async () => {
    const open = await registered();
    const answered = await registered();
    await decideOnAppeal(deps, answered.id, { type: "answer", text: "Су берілді.", attachments: [] }, supervisor, friday);
    const problems: string[] = [];
    expect(await scheduler.sweep(store.appeals, friday, (appealId) => problems.push(appealId))).toBeGreaterThanOrEqual(1);
    expect(problems).toEqual([]);
    expect(Object.keys(await planned(open.id))).toHaveLength(3);
    expect(await planned(answered.id)).toEqual({});
    expect(await store.appeals.listOpenIds()).toContain(open.id);
    expect(await store.appeals.listOpenIds()).not.toContain(answered.id);
  });

  it("reminds every active official while nobody has taken the appeal, then only the one who took it, once each", async () => {
    const appeal = await registered();
    await scheduler.schedule(appeal, friday);
    const early = await reminderJob(appeal.id, appeal.deadline, "before3");
    expect(await runReminder(options(friday), early)).toBe("reminded");
    expect(await runReminder(options(friday), early)).toBe("reminded");
    const reminder = `${appeal.id}.2026-12-21.before3`;
    expect(await alertIds(appeal.id)).toEqual([`${reminder}.telegram_810`, `${reminder}.telegram_811`, `${reminder}.telegram_812`]);

    await decideOnAppeal(deps, appeal.id, { type: "take" }, { type: "official", officialId: "telegram:811", agencyId }, friday);
    expect(await runReminder(options(friday), await reminderJob(appeal.id, appeal.deadline, "due"))).toBe("reminded");
    expect((await alertIds(appeal.id)).filter((id) => id?.includes(".due."))).toEqual([`${appeal.id}.2026-12-21.due.telegram_811`]);
  });

  it("does nothing for an answered appeal or a deadline that moved", async () => {
    const appeal = await registered();
    await scheduler.schedule(appeal, friday);
    const job = await reminderJob(appeal.id, appeal.deadline, "due");
    await decideOnAppeal(deps, appeal.id, { type: "answer", text: "Су берілді.", attachments: [] }, supervisor, friday);
    expect(await runReminder(options(friday), job)).toBe("moved");
    expect(await alertIds(appeal.id)).toEqual([]);
  });

  it("marks a passed deadline once: one notice to the citizen, one alert to the supervisor, however often it runs", async () => {
    const appeal = await registered();
    await scheduler.schedule(appeal, friday);
    const job = await reminderJob(appeal.id, appeal.deadline, "overdue");
    const tuesday = new Date("2026-12-22T09:00:00+05:00");
    expect(await runReminder(options(tuesday), job)).toBe("marked");
    expect(await runReminder(options(tuesday), job)).toBe("already_marked");
    const stored = await store.appeals.get(appeal.id);
    expect(stored?.history.filter((entry) => entry.event === "overdue")).toEqual([expect.objectContaining({ deadline: "2026-12-21", actor: { type: "system" }, status: "registered" })]);
    expect(stored?.outbox.filter((entry) => entry.notice === "overdue")).toHaveLength(1);
    expect(relayed.filter((relayedAppeal) => relayedAppeal.id === appeal.id)).toHaveLength(1);
    expect(await alertIds(appeal.id)).toEqual([`${appeal.id}.2026-12-21.overdue.telegram_810`]);
    // Marked: planning it again (the hourly sweep) adds no overdue reminder, however long the done one is kept.
    if (!stored) throw new Error("stored appeal missing");
    expect(await scheduler.schedule(stored, tuesday)).toBe(0);
  });

  it("sends the alerts to officials in their own language, with a button that opens the card", async () => {
    const engine = await shippedEngine();
    const reference = await shippedReferenceData();
    const received: { to: string; message: Outbound }[] = [];
    const channel: ChannelSender = { send: async (to, message) => void received.push({ to, message }) };
    const worker = createAlertWorker({
      connection: consumer,
      prefix,
      appeals: store.appeals,
      officials: store.officials,
      sender: channel,
      render: (alert, appeal, official) => renderAlert({ translator: engine.translator, reference }, alert, appeal, official),
      onGivenUp: () => undefined,
    });
    try {
      const waiting = (await alerts.getWaiting(0, 1_000)).length;
      await expect.poll(() => received.length, { timeout: 15_000 }).toBe(waiting);
    } finally {
      await worker.close();
    }
    const overdue = received.find((alert) => alert.message.text.startsWith("⚠"));
    expect(overdue?.to).toBe("telegram:810");
    expect(overdue?.message.text).toMatch(/^⚠ Срок ответа по обращению № ALA-2026-\d{6} \(Жилищно-коммунальное хозяйство\) истёк 21\.12\.2026, ответа нет\./);
    expect(overdue?.message.choices).toEqual([{ id: expect.stringMatching(/^c:ALA-2026-\d{6}$/), label: "Открыть обращение" }]);
    const kazakh = received.find((alert) => alert.to === "telegram:811");
    expect(kazakh?.message.text).toContain("жауап беру мерзімі 3 жұмыс күнінен кейін, 21.12.2026 аяқталады");
    expect(received.some((alert) => alert.to === "telegram:813")).toBe(false);
  });

  it("tells the agency's officials of an appeal that reached them, at the next working moment, once", async () => {
    const appeal = await registered();
    const saturday = new Date("2026-11-28T11:00:00+05:00");
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, appeal, saturday)).toBe(3);
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, appeal, saturday)).toBe(3);
    const incoming = (await alerts.getDelayed()).filter((job) => job.data.appealId === appeal.id && job.data.kind === "incoming");
    expect(incoming.map((job) => job.data.officialId).sort()).toEqual(["telegram:810", "telegram:811", "telegram:812"]);
    // Saturday: the officials hear of it on Monday morning.
    for (const job of incoming) expect(saturday.getTime() + (job.opts.delay ?? 0)).toBe(Date.parse("2026-11-30T04:00:00.000Z"));
    const taken = await decideOnAppeal(deps, appeal.id, { type: "take" }, supervisor, friday);
    if (!taken.ok) throw new Error(JSON.stringify(taken));
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, taken.appeal, saturday)).toBe(0);
  });

  it("tells the assigned official when the citizen answers a clarification, or the agency's officials when no one is assigned", async () => {
    const citizenOf = (appeal: Appeal): Actor => ({ type: "citizen", citizenId: appeal.citizenId });
    const decideOk = async (appeal: Appeal, decision: Decision, actor: Actor, at: Date): Promise<Appeal> => {
      const result = await decideOnAppeal(deps, appeal.id, decision, actor, at);
      if (!result.ok) throw new Error(JSON.stringify(result));
      return result.appeal;
    };
    const monday = new Date("2026-11-30T11:00:00+05:00");
    const taken = await decideOk(await registered(), { type: "take" }, { type: "official", officialId: "telegram:811", agencyId }, friday);
    const asked = await decideOk(taken, { type: "ask_clarification", question: "Қай подъезд?" }, { type: "official", officialId: "telegram:811", agencyId }, friday);
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, asked, monday)).toBe(0);
    const clarified = await decideOk(asked, { type: "clarify", text: "Екінші подъезд.", attachments: [] }, citizenOf(asked), monday);
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, clarified, monday)).toBe(1);
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, clarified, monday)).toBe(1);
    const jobs = [...(await alerts.getDelayed()), ...(await alerts.getWaiting())].filter((job) => job.data.appealId === clarified.id && job.data.kind === "clarified");
    expect(jobs.map((job) => job.data.officialId)).toEqual(["telegram:811"]);

    const unassigned = await decideOk(await registered(), { type: "ask_clarification", question: "Қай үй?" }, supervisor, friday);
    const answered = await decideOk(unassigned, { type: "clarify", text: "Абай 10.", attachments: [] }, citizenOf(unassigned), monday);
    expect(answered.assignedOfficialId).toBeNull();
    expect(await alertIncoming(alerts, store.officials, calendar, defaultWorkingHours, answered, monday)).toBe(3);
  });

  it("renders the clarification alert in the official's language with a button to the card", async () => {
    const appeal = await registered();
    const official = await store.officials.get("telegram:811");
    if (!official) throw new Error("no official");
    const alert = renderAlert({ translator: (await shippedEngine()).translator, reference: await shippedReferenceData() }, { kind: "clarified", deadline: appeal.deadline }, appeal, official);
    expect(alert.text).toBe(`💬 Өтініш беруші № ${appeal.id} өтініш (Тұрғын үй-коммуналдық шаруашылық) бойынша сұраққа жауап берді. Жауап мерзімі: 21.12.2026.`);
    expect(alert.choices).toEqual([{ id: `c:${appeal.id}`, label: "Өтінішті ашу" }]);
  });
});
