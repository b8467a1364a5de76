// Issue #7: "the figures are checked against a seeded set of appeals with known answers",
// on the real MongoDB-wire server (the patched FerretDB 1.24 unless MONGODB_URI names a
// MongoDB). Appeals are filed and decided through the real use cases at chosen moments,
// then read back through the stats projection and counted. Calendar facts used (2026):
// 8 March is a Sunday holiday with 9 March off; 21-25 March are Nauryz.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/appeal/appeal.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import type { StatsPeriod } from "../../src/core/stats/period.js";
import { periodInstants } from "../../src/core/stats/period.js";
import type { ResponsivenessFigures, ResponsivenessResult } from "../../src/core/stats/responsiveness.js";
import { responsivenessForPeriod } from "../../src/core/stats/responsiveness-for-period.js";
import { statsAppealFields, statsHistoryFields, type StatsAppeal } from "../../src/core/stats/stats-appeal.js";
import { decideOnAppeal, type DecideDeps } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { buildOpenData } from "../../src/reports/open-data.js";
import { buildResponsivenessReport, responsivenessCsv } from "../../src/reports/responsiveness-report.js";
import { MongoAppealStats, statsProjection } from "../../src/store/mongo-appeal-stats.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";
import { noFigures } from "../support/figures.js";

const almaty = (local: string): Date => new Date(`${local}+05:00`);
const march: StatsPeriod = { from: "2026-03-01", to: "2026-03-31" };
const now = almaty("2026-04-15T12:00:00");
const ALA = "akimat_almaty_city";
const AST = "akimat_astana_city";
const official: Actor = { type: "official", officialId: "telegram:501", agencyId: ALA };
const supervisor: Actor = { type: "official", officialId: "telegram:503", agencyId: ALA };
const astOfficial: Actor = { type: "official", officialId: "telegram:601", agencyId: AST };

/** Personal data seeded into every appeal, which no stats read may return. */
const secrets = { fullName: "Гүлнар Тестова", iin: "900101400003", phone: "+77019998877", postalAddress: "Алматы, Құпия көшесі 7", text: "Құпия мәтін: үйде жарық жоқ." };

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let calendar: WorkingCalendar;
let stats: MongoAppealStats;
let result: ResponsivenessResult;

type Step = readonly [Decision, Actor | "citizen", string];

/** Files an appeal received at `receivedAt` (Almaty wall time) and takes each decision at its moment. */
async function seed(key: number, receivedAt: string, steps: readonly Step[] = [], overrides: Record<string, unknown> = {}): Promise<string> {
  const citizenId = `telegram:90${key}`;
  const submitted = await submitAppeal(
    { appeals: store.appeals, directory: store.directory, calendar },
    {
      draft: draft({ text: secrets.text, applicant: { fullName: secrets.fullName, iin: secrets.iin, phone: secrets.phone, postalAddress: secrets.postalAddress }, location: { latitude: 43.2, longitude: 76.9 }, ...overrides }),
      submissionKey: `${citizenId}:1`,
      citizenId,
      receivedAt: almaty(receivedAt),
    },
  );
  if (!submitted.ok) throw new Error(JSON.stringify(submitted));
  const deps: DecideDeps = { appeals: store.appeals, officials: store.officials, directory: store.directory, calendar, onRefused: (event) => { throw new Error(JSON.stringify(event)); } };
  for (const [decision, actor, at] of steps) {
    const decided = await decideOnAppeal(deps, submitted.appeal.id, decision, actor === "citizen" ? { type: "citizen", citizenId } : actor, almaty(at));
    if (!decided.ok) throw new Error(JSON.stringify(decided));
  }
  return submitted.appeal.id;
}

const answer: Decision = { type: "answer", text: "Жауап: жарық қосылды.", attachments: [] };
const forwardToAstana: Decision = { type: "forward", toAgencyId: AST, reason: "Құзыретіне жатпайды" };
const rate = (score: number): Decision => ({ type: "rate", score });
const astana = { agencyId: AST, regionId: "astana_city" };

beforeAll(async () => {
  database = await openTestDatabase("stats");
  store = await openMongoStore(database.connection);
  calendar = await shippedCalendar();
  await seedReferenceData(database.connection, await shippedReferenceData());
  const createdAt = almaty("2026-01-05T09:00:00");
  await store.officials.put({ id: "telegram:501", agencyId: ALA, role: "official", language: "kk", displayName: "Official 501", active: true, createdAt });
  await store.officials.put({ id: "telegram:503", agencyId: ALA, role: "supervisor", language: "ru", displayName: "Supervisor 503", active: true, createdAt });
  await store.officials.put({ id: "telegram:601", agencyId: AST, role: "official", language: "ru", displayName: "Official 601", active: true, createdAt });

  // A1: Friday 6 March, deadline Thursday 2 April, answered that day: on time, 15 working days; rated 5.
  await seed(1, "2026-03-06T10:00:00", [[{ type: "take" }, official, "2026-03-10T10:00:00"], [answer, official, "2026-04-02T17:00:00"], [rate(5), "citizen", "2026-04-03T09:00:00"]]);
  // A2: same day, answered Friday 3 April: late, 16 working days; rated 3.
  await seed(2, "2026-03-06T11:00:00", [[answer, official, "2026-04-03T09:00:00"], [rate(3), "citizen", "2026-04-03T10:00:00"]]);
  // A3: public-services complaint (5 working days) on Saturday 7 March: registered Tuesday 10 March, answered 17 March, on time, 5 days.
  await seed(3, "2026-03-07T12:00:00", [[answer, official, "2026-03-17T10:00:00"]], { categoryId: "public_services" });
  // A4: Monday 2 March, forwarded Friday 6 March (term ended Thursday 5 March: late); Astana answers 20 March (9 working days); rated 2.
  await seed(4, "2026-03-02T10:00:00", [[forwardToAstana, official, "2026-03-06T10:00:00"], [answer, astOfficial, "2026-03-20T10:00:00"], [rate(2), "citizen", "2026-03-21T10:00:00"]]);
  // A5: forwarded on Thursday 5 March (in time); Astana's deadline 1 April passes unanswered: overdue now.
  await seed(5, "2026-03-02T11:00:00", [[forwardToAstana, official, "2026-03-05T18:00:00"]]);
  // A6: deadline Friday 27 March, rejected Monday 30 March: a rejection, not an answer, so not timed.
  await seed(6, "2026-03-02T12:00:00", [[{ type: "reject", legalReason: "other_legal_ground", comment: "Құпия түсініктеме" }, official, "2026-03-30T10:00:00"]]);
  // A7: roads; extended on 20 March to 10 April by a supervisor, answered 6 April: on time, 21 working days.
  await seed(7, "2026-03-02T13:00:00", [
    [{ type: "take" }, official, "2026-03-03T10:00:00"],
    [{ type: "extend", newDeadline: "2026-04-10", reason: "Сараптама" }, supervisor, "2026-03-20T10:00:00"],
    [answer, official, "2026-04-06T10:00:00"],
  ], { categoryId: "roads_transport" });
  // A8: Tuesday 31 March, deadline 21 April: open, not overdue.
  await seed(8, "2026-03-31T23:30:00");
  // A9: Sunday 1 March 00:30 in Almaty (28 February in UTC): in the period; awaiting the citizen past 27 March: overdue.
  await seed(9, "2026-03-01T00:30:00", [[{ type: "ask_clarification", question: "Қай пәтер?" }, official, "2026-03-03T10:00:00"]]);
  // A10: Astana's own appeal, withdrawn.
  await seed(10, "2026-03-10T10:00:00", [[{ type: "withdraw" }, "citizen", "2026-03-11T10:00:00"]], astana);
  // Outside the period by local date, though one of them is inside it in UTC.
  await seed(11, "2026-02-28T23:50:00", [[answer, official, "2026-03-02T10:00:00"]]);
  await seed(12, "2026-04-01T00:10:00");

  stats = new MongoAppealStats(database.connection);
  result = await responsivenessForPeriod({ stats, calendar }, { period: march, now });
});
afterAll(() => database.drop());

const zero = noFigures;

const almatyFigures: ResponsivenessFigures = {
  ...zero,
  appeals: 9,
  received: 9,
  forwarded: 2,
  forwardedLate: 1,
  answered: 4,
  rejected: 1,
  answeredOnTime: 3,
  answeredLate: 1,
  open: 2,
  overdueNow: 1,
  medianWorkingDaysToAnswer: 15.5, // 5, 15, 16, 21 (the rejection is not timed)
  ratingCount: 2,
  ratingAverage: 4,
};

const astanaFigures: ResponsivenessFigures = {
  ...zero,
  appeals: 3,
  received: 3,
  receivedByForward: 2,
  answered: 1,
  answeredOnTime: 1,
  withdrawn: 1,
  open: 1,
  overdueNow: 1,
  medianWorkingDaysToAnswer: 9,
  ratingCount: 1,
  ratingAverage: 2,
};

describe("responsiveness figures from the store", () => {
  it("gives every figure of each agency", () => {
    expect(result.byAgency).toEqual([
      { agencyId: ALA, figures: almatyFigures },
      { agencyId: AST, figures: astanaFigures },
    ]);
  });

  it("gives the total, the categories and the cells", () => {
    expect(result.total).toEqual({
      ...zero,
      appeals: 10,
      received: 12,
      receivedByForward: 2,
      forwarded: 2,
      forwardedLate: 1,
      answered: 5,
      rejected: 1,
      withdrawn: 1,
      answeredOnTime: 4,
      answeredLate: 1,
      open: 3,
      overdueNow: 2,
      medianWorkingDaysToAnswer: 15, // 5, 9, 15, 16, 21
      ratingCount: 3,
      ratingAverage: 10 / 3,
    });
    expect(result.byCategory.map((row) => [row.categoryId, row.figures.appeals, row.figures.received, row.figures.medianWorkingDaysToAnswer])).toEqual([
      ["public_services", 1, 1, 5],
      ["roads_transport", 1, 1, 21],
      ["utilities", 8, 10, 15], // 9, 15, 16
    ]);
    expect(result.byAgencyCategory.map((row) => `${row.agencyId}/${row.categoryId}:${row.figures.received}`)).toEqual([
      `${ALA}/public_services:1`,
      `${ALA}/roads_transport:1`,
      `${ALA}/utilities:7`,
      `${AST}/utilities:3`,
    ]);
  });

  it("restricted to one agency, reads only the appeals it held (the `$or` on history) and counts only its stages", async () => {
    const held: StatsAppeal[] = [];
    for await (const appeal of stats.appealsReceived({ period: march, timeZone: calendar.timeZone, agencyId: AST })) held.push(appeal);
    expect(held).toHaveLength(3);
    const astOnly = await responsivenessForPeriod({ stats, calendar }, { period: march, now, agencyId: AST });
    expect(astOnly.byAgency).toEqual([{ agencyId: AST, figures: astanaFigures }]);
    expect(astOnly.total).toEqual(astanaFigures);
  });

  it("streams in small batches with the same result, and closes a cursor left early", async () => {
    const small = new MongoAppealStats(database.connection, 2);
    let count = 0;
    for await (const appeal of small.appealsReceived({ period: march, timeZone: calendar.timeZone })) {
      expect(appeal.receivedAt).toBeInstanceOf(Date);
      count += 1;
    }
    expect(count).toBe(10);
    expect(await responsivenessForPeriod({ stats: small, calendar }, { period: march, now })).toEqual(result);
    for await (const appeal of small.appealsReceived({ period: march, timeZone: calendar.timeZone })) {
      expect(appeal.agencyId).toBeTruthy();
      break;
    }
  });

  it("reads the period's dates in the calendar's zone: an export to today at 01:00 in Almaty counts today's appeals", async () => {
    // 01:00 on 7 December in Almaty is still 6 December in UTC.
    await seed(13, "2026-12-07T00:40:00");
    const today = await responsivenessForPeriod({ stats, calendar }, { period: { from: "2026-12-07", to: "2026-12-07" }, now: almaty("2026-12-07T01:00:00") });
    expect(today.total).toMatchObject({ appeals: 1, received: 1, open: 1 });
    const utcDay = await responsivenessForPeriod({ stats, calendar }, { period: { from: "2026-12-06", to: "2026-12-06" }, now: almaty("2026-12-07T01:00:00") });
    expect(utcDay.total.received).toBe(0);
  });

  it("turns into a report, a CSV and open data without error", async () => {
    const reference = await shippedReferenceData();
    const report = buildResponsivenessReport(result, reference);
    expect(report.agencies.map((row) => row.agency.name?.ru)).toEqual(["Акимат города Астаны", "Акимат города Алматы"]);
    expect(responsivenessCsv(report).split("\r\n")).toHaveLength(1 + 1 + 2 + 3 + 4 + 1);
    expect(buildOpenData(result, reference).agencies.find((agency) => agency.id === ALA)).toMatchObject({ received: 9, onTimePercent: 75, medianWorkingDaysToAnswer: 15.5, ratingAverage: null });
  });
});

describe("the stats projection", () => {
  it("returns no personal field from the server, though the stored appeals hold them", async () => {
    const { start, end } = periodInstants(march, calendar.timeZone);
    const appeals = database.connection.collection("appeals");
    const full = await appeals.find({ receivedAt: { $gte: start, $lt: end } }).toArray();
    expect(full).toHaveLength(10);
    expect(JSON.stringify(full)).toContain(secrets.iin); // the check below would prove nothing otherwise

    const projected = await appeals.find({ receivedAt: { $gte: start, $lt: end } }, { projection: statsProjection }).toArray();
    expect(projected).toHaveLength(10);
    const topLevel = new Set<string>(["_id", ...statsAppealFields]);
    const historyLevel = new Set<string>(statsHistoryFields);
    for (const doc of projected) {
      expect(Object.keys(doc).filter((key) => !topLevel.has(key))).toEqual([]);
      expect(Array.isArray(doc["history"]) && doc["history"].length > 0).toBe(true);
      for (const entry of doc["history"] as Record<string, unknown>[]) {
        expect(Object.keys(entry).filter((key) => !historyLevel.has(key))).toEqual([]);
        expect(entry["event"]).toBeTypeOf("string");
        expect(entry["at"]).toBeInstanceOf(Date);
      }
      const text = JSON.stringify(doc);
      for (const secret of [...Object.values(secrets), "telegram:90", "telegram:501", "telegram:601", "Құпия түсініктеме", "Жауап:", "43.2"]) expect(text).not.toContain(secret);
    }
    // Nested fields survive the projection on this server: forwards keep both agencies, ratings their score.
    const histories = projected.flatMap((doc) => doc["history"] as Record<string, unknown>[]);
    expect(histories.filter((entry) => entry["event"] === "forwarded").map((entry) => [entry["fromAgencyId"], entry["toAgencyId"]])).toEqual([[ALA, AST], [ALA, AST]]);
    expect(histories.filter((entry) => entry["event"] === "rated").map((entry) => entry["score"]).sort()).toEqual([2, 3, 5]);
    expect(histories.filter((entry) => entry["event"] === "registered").every((entry) => typeof entry["deadline"] === "string")).toBe(true);
  });
});
