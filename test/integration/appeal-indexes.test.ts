// The kept counts (tallies) and citizens' lists on the real MongoDB-wire server: they stay in
// step with the appeals through submission, decisions, a forward and forget-me, answer exactly
// what counting the collection answered before, and are repaired by the rebuild.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appealStatuses, type Actor, type AppealStatus } from "../../src/core/appeal/appeal.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import type { LocalDate } from "../../src/core/calendar/local-date.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import { openStatuses } from "../../src/core/deadlines/overdue.js";
import { decideOnAppeal, type DecideDeps } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { inboxFilters, inboxQuery } from "../../src/admin/inbox.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { rebuildAppealIndexes } from "../../src/store/rebuild-appeal-indexes.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const friday = new Date("2026-11-27T10:00:00+05:00");
const agencies = ["akimat_almaty_city", "akimat_astana_city"] as const;
const officials: Record<string, Actor> = {
  akimat_almaty_city: { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" },
  akimat_astana_city: { type: "official", officialId: "telegram:601", agencyId: "akimat_astana_city" },
};
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let calendar: WorkingCalendar;

beforeAll(async () => {
  database = await openTestDatabase("indexes");
  store = await openMongoStore(database.connection);
  calendar = await shippedCalendar();
  await seedReferenceData(database.connection, await shippedReferenceData());
  await store.officials.put({ id: "telegram:501", agencyId: "akimat_almaty_city", role: "supervisor", language: "kk", displayName: "Official 501", active: true, createdAt: friday });
  await store.officials.put({ id: "telegram:601", agencyId: "akimat_astana_city", role: "supervisor", language: "ru", displayName: "Official 601", active: true, createdAt: friday });
});
afterAll(() => database.drop());

const deps = (): DecideDeps => ({ appeals: store.appeals, directory: store.directory, calendar, officials: store.officials, onRefused: () => undefined });

async function submit(key: string, citizenId: string, agencyId: string, receivedAt = friday) {
  const regionId = agencyId === "akimat_astana_city" ? "astana_city" : "almaty_city";
  const result = await submitAppeal(deps(), { draft: draft({ agencyId, regionId }), submissionKey: key, citizenId, receivedAt });
  if (!result.ok) throw new Error(JSON.stringify(result));
  return result.appeal;
}

async function decideAs(agencyId: string, appealId: string, decision: Decision, at = friday) {
  const result = await decideOnAppeal(deps(), appealId, decision, officials[agencyId] as Actor, at);
  if (!result.ok) throw new Error(JSON.stringify(result));
  // The store returns the appeal as its update left it (computed from the document before): it must be what is stored.
  expect(result.appeal).toEqual(await store.appeals.get(appealId));
  return result.appeal;
}

/** What counting the collection answers (the behaviour before the kept counts), for every inbox list of every agency. */
async function scannedInboxCounts(today: LocalDate): Promise<number[]> {
  const appeals = database.connection.collection("appeals");
  const counts: number[] = [];
  for (const agencyId of agencies) {
    for (const filter of inboxFilters) {
      const query = inboxQuery(filter, agencyId, today);
      counts.push(await appeals.countDocuments({ agencyId, status: { $in: [...query.statuses] }, ...(query.deadlineBefore ? { deadline: { $lt: query.deadlineBefore } } : {}) }));
    }
  }
  return counts;
}

async function keptInboxCounts(today: LocalDate): Promise<number[]> {
  const counts: number[] = [];
  for (const agencyId of agencies) for (const filter of inboxFilters) counts.push(await store.appeals.countByAgency(inboxQuery(filter, agencyId, today)));
  return counts;
}

async function scannedTotals(today: LocalDate) {
  const appeals = database.connection.collection("appeals");
  const byStatus = Object.fromEntries(await Promise.all(appealStatuses.map(async (status) => [status, await appeals.countDocuments({ status })] as const))) as Record<AppealStatus, number>;
  const overdue = await appeals.countDocuments({ status: { $in: [...openStatuses] }, deadline: { $lt: today } });
  return { byStatus, overdue };
}

/** Every inbox list of both agencies as the old query found it: by deadline, then number. */
async function scannedInboxLists(today: LocalDate): Promise<string[][]> {
  const appeals = database.connection.collection<{ _id: string }>("appeals");
  const lists: string[][] = [];
  for (const agencyId of agencies) {
    for (const filter of inboxFilters) {
      const query = inboxQuery(filter, agencyId, today);
      const found = appeals.find({ agencyId, status: { $in: [...query.statuses] }, ...(query.deadlineBefore ? { deadline: { $lt: query.deadlineBefore } } : {}) });
      lists.push((await found.sort({ deadline: 1, _id: 1 }).project<{ _id: string }>({ _id: 1 }).toArray()).map((doc) => doc._id));
    }
  }
  return lists;
}

/** The same lists from the kept agency lists, read a page of 3 at a time. */
async function keptInboxLists(today: LocalDate): Promise<string[][]> {
  const lists: string[][] = [];
  for (const agencyId of agencies) {
    for (const filter of inboxFilters) {
      const listed: string[] = [];
      for (let offset = 0; ; offset += 3) {
        const page = await store.appeals.listByAgency(inboxQuery(filter, agencyId, today), { limit: 3, offset });
        listed.push(...page.map((appeal) => appeal.id));
        if (page.length < 3) break;
      }
      lists.push(listed);
    }
  }
  return lists;
}

async function expectInStep(...days: LocalDate[]) {
  for (const today of days) {
    expect(await keptInboxCounts(today)).toEqual(await scannedInboxCounts(today));
    expect(await keptInboxLists(today)).toEqual(await scannedInboxLists(today));
    expect(await store.appeals.countAll(today)).toEqual(await scannedTotals(today));
  }
}

/** The citizen's appeals as the old query found them: newest first. */
async function scannedList(citizenId: string): Promise<string[]> {
  const docs = await database.connection.collection<{ _id: string }>("appeals").find({ citizenId }).sort({ receivedAt: -1 }).project<{ _id: string }>({ _id: 1 }).toArray();
  return docs.map((doc) => doc._id);
}

const later = "2027-03-01" as LocalDate;

describe("kept counts and lists", () => {
  it("stay in step with the appeals through submission, decisions, an extension and a forward", async () => {
    const first = await submit("t:1:1", "telegram:1", "akimat_almaty_city");
    const second = await submit("t:1:2", "telegram:1", "akimat_almaty_city", new Date("2026-11-27T11:00:00+05:00"));
    const third = await submit("t:2:1", "telegram:2", "akimat_astana_city");
    await expectInStep("2026-11-27", later);
    expect(await store.appeals.countByAgency(inboxQuery("new", "akimat_almaty_city", "2026-11-27"))).toBe(2);

    await decideAs("akimat_almaty_city", first.id, { type: "take" });
    await decideAs("akimat_almaty_city", first.id, { type: "extend", newDeadline: "2027-01-15", reason: "Сараптама керек" });
    await expectInStep("2026-11-27", "2027-01-10", later);

    const forwarded = await decideAs("akimat_almaty_city", second.id, { type: "forward", toAgencyId: "akimat_astana_city", reason: "Мекенжай Астанада" }, new Date("2026-11-30T09:00:00+05:00"));
    expect(forwarded.agencyId).toBe("akimat_astana_city");
    await expectInStep("2026-11-27", later);
    expect(await store.appeals.countByAgency(inboxQuery("new", "akimat_astana_city", "2026-11-27"))).toBe(2);

    await decideAs("akimat_astana_city", third.id, { type: "take" });
    await decideAs("akimat_astana_city", third.id, { type: "answer", text: "Су кешке дейін қосылады.", attachments: [] });
    await decideAs("akimat_astana_city", second.id, { type: "reject", legalReason: "other_legal_ground", comment: "Сотта қаралуда" });
    await expectInStep("2026-11-27", later);
    expect(await store.appeals.countByAgency(inboxQuery("done", "akimat_astana_city", later))).toBe(2);
    expect(await store.appeals.countByAgency(inboxQuery("late", "akimat_almaty_city", later))).toBe(1);

    expect((await store.appeals.listByCitizen("telegram:1", { limit: 10, offset: 0 })).map((appeal) => appeal.id)).toEqual(await scannedList("telegram:1"));
    expect(await store.appeals.listOpenIds()).toEqual([first.id]);
  });

  it("counts a repeated submission once and pages the citizen's list newest first, as the query did", async () => {
    const numbers: string[] = [];
    for (let i = 0; i < 13; i++) numbers.push((await submit(`t:3:${i}`, "telegram:3", "akimat_almaty_city", new Date(friday.getTime() + i * 60_000))).id);
    const before = await store.appeals.countAll(later);
    const again = await submitAppeal(deps(), { draft: draft(), submissionKey: "t:3:0", citizenId: "telegram:3", receivedAt: friday });
    expect(again.ok && !again.created).toBe(true);
    expect(await store.appeals.countAll(later)).toEqual(before);
    await expectInStep(later);

    const scanned = await scannedList("telegram:3");
    expect(scanned).toEqual([...numbers].reverse());
    const page = async (offset: number) => (await store.appeals.listByCitizen("telegram:3", { limit: 5, offset })).map((appeal) => appeal.id);
    expect([...(await page(0)), ...(await page(5)), ...(await page(10))]).toEqual(scanned);
    expect(await page(15)).toEqual([]);
    expect(await store.appeals.listByCitizen("telegram:nobody", { limit: 5, offset: 0 })).toEqual([]);
    const [newest] = await store.appeals.listByCitizen("telegram:3", { limit: 1, offset: 0 });
    expect(newest).toEqual(await store.appeals.get(numbers.at(-1) ?? ""));
  });

  it("keep a forgotten citizen's appeals listed and counted, as forgetting keeps the appeals", async () => {
    await store.citizens.recordConsent("telegram:4", { at: friday, version: 1 }, { channel: "telegram", language: "ru" });
    const appeal = await submit("t:4:1", "telegram:4", "akimat_almaty_city");
    const before = await store.appeals.countAll(later);
    await store.citizens.forget("telegram:4", friday);
    expect((await store.appeals.listByCitizen("telegram:4", { limit: 10, offset: 0 })).map((listed) => listed.id)).toEqual([appeal.id]);
    expect(await store.appeals.countAll(later)).toEqual(before);
    await expectInStep(later);
  });

  it("are repaired by the rebuild after a crash left them behind, and built for a database that predates them", async () => {
    const appeal = await submit("t:5:1", "telegram:5", "akimat_astana_city");
    // What a process dying between the appeal's write and its bookkeeping leaves: no list entry, a count short.
    await database.connection.collection<{ _id: string }>("citizen_appeals").deleteOne({ _id: "telegram:5" });
    await database.connection.collection<{ _id: string }>("appeal_tallies").updateOne({ _id: "agency:akimat_astana_city" }, { $inc: { "byStatus.registered": -1 } });
    await database.connection.collection<{ _id: string }>("agency_appeal_lists").updateOne({ _id: `akimat_astana_city:registered:${appeal.deadline}` }, { $unset: { [`appeals.${appeal.id}`]: "" } });
    expect(await store.appeals.listByCitizen("telegram:5", { limit: 10, offset: 0 })).toEqual([]);
    expect(await keptInboxCounts(later)).not.toEqual(await scannedInboxCounts(later));
    expect(await keptInboxLists(later)).not.toEqual(await scannedInboxLists(later));

    expect(await rebuildAppealIndexes(database.connection)).toBe(await database.connection.collection("appeals").countDocuments({}));
    expect((await store.appeals.listByCitizen("telegram:5", { limit: 10, offset: 0 })).map((listed) => listed.id)).toEqual([appeal.id]);
    await expectInStep("2026-11-27", later);

    // An older database: appeals but no tallies or lists. Opening the store builds them.
    await database.connection.collection("appeal_tallies").deleteMany({});
    await database.connection.collection("citizen_appeals").deleteMany({});
    await database.connection.collection("agency_appeal_lists").deleteMany({});
    store = await openMongoStore(database.connection);
    await expectInStep("2026-11-27", later);
    expect((await store.appeals.listByCitizen("telegram:1", { limit: 10, offset: 0 })).map((listed) => listed.id)).toEqual(await scannedList("telegram:1"));
  });

  it("drop a deadline from the open counts once no open appeal has it", async () => {
    const appeal = await submit("t:6:1", "telegram:6", "akimat_almaty_city", new Date("2026-12-15T10:00:00+05:00"));
    const tally = () => database.connection.collection<{ _id: string; open: Record<string, Record<string, number>> }>("appeal_tallies").findOne({ _id: "agency:akimat_almaty_city" });
    expect((await tally())?.open["registered"]?.[appeal.deadline]).toBe(1);
    await decideAs("akimat_almaty_city", appeal.id, { type: "reject", legalReason: "other_legal_ground", comment: "Сотта қаралуда" }, new Date("2026-12-15T11:00:00+05:00"));
    expect((await tally())?.open["registered"]).not.toHaveProperty(appeal.deadline);
    await expectInStep(later);
  });

  it("page an agency's lists across many deadlines by deadline, then number, reading only the shown deadlines' buckets", async () => {
    // Eleven appeals received over five weeks: as many deadlines, pages of 3 cut through them.
    for (let day = 0; day < 11; day++) await submit(`t:7:${day}`, `telegram:7${day % 3}`, "akimat_astana_city", new Date(Date.UTC(2026, 11, 1 + day * 3, 5)));
    const newList = (await scannedInboxLists(later))[agencies.indexOf("akimat_astana_city") * inboxFilters.length + inboxFilters.indexOf("new")] ?? [];
    expect(newList.length).toBeGreaterThanOrEqual(11);
    await expectInStep("2026-12-20", "2027-01-05", later);
    const directory = await database.connection.collection<{ _id: string; deadlines: Record<string, number> }>("agency_appeal_lists").findOne({ _id: "akimat_astana_city:registered" });
    expect(Object.values(directory?.deadlines ?? {}).reduce((sum, count) => sum + count, 0)).toBe(await store.appeals.countByAgency({ agencyId: "akimat_astana_city", statuses: ["registered"] }));
  });
});
