// Issue #7, item 3: the responsiveness figures on hand-built appeals with known answers,
// on the shipped calendar in Asia/Almaty (UTC+5). Appeals are built with the real
// `registerAppeal` and `decide`, so their histories have the shapes the store keeps.
// March 2026: Sun 8 March is a holiday and Mon 9 its day off; 21-25 March are Nauryz
// (holidays and days off); so the working days are 2-6, 10-13, 16-20, 26-27, 30-31.
import { describe, expect, it } from "vitest";
import type { Actor, Appeal } from "../../src/core/appeal/appeal.js";
import type { AppealDraft } from "../../src/core/appeal/appeal-draft.js";
import { decide } from "../../src/core/appeal/decide.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import { registerAppeal } from "../../src/core/appeal/register-appeal.js";
import { maxPeriodDays, parseStatsPeriod, periodInstants, type StatsPeriod } from "../../src/core/stats/period.js";
import {
  agencyStages,
  computeResponsiveness,
  computeResponsivenessFromStream,
  medianOfHistogram,
  type ResponsivenessFigures,
  type ResponsivenessResult,
} from "../../src/core/stats/responsiveness.js";
import { type StatsAppeal, statsAppealFields, statsHistoryFields, toStatsAppeal } from "../../src/core/stats/stats-appeal.js";
import { buildOpenData } from "../../src/reports/open-data.js";
import { draft, shippedCalendar } from "../support/fixtures.js";
import { noFigures } from "../support/figures.js";

const calendar = await shippedCalendar();
const almaty = (local: string): Date => new Date(`${local}+05:00`);
const march: StatsPeriod = { from: "2026-03-01", to: "2026-03-31" };
const now = almaty("2026-04-15T12:00:00");

const ala: Actor = { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" };
const ast: Actor = { type: "official", officialId: "telegram:601", agencyId: "akimat_astana_city" };
const citizen: Actor = { type: "citizen", citizenId: "telegram:1" };

let serial = 0;
/** An appeal as the citizens' bot registers it, received at `receivedAt` (Almaty wall time). */
function received(receivedAt: string, overrides: Partial<AppealDraft> = {}, termWorkingDays = 15): Appeal {
  serial += 1;
  return registerAppeal(draft(overrides), {
    number: `ALA-2026-${String(serial).padStart(6, "0")}`,
    submissionKey: `telegram:1:${serial}`,
    citizenId: "telegram:1",
    receivedAt: almaty(receivedAt),
    calendar,
    termWorkingDays,
  });
}

/** The appeal after each step, as the store would write it. */
function then(appeal: Appeal, ...steps: readonly (readonly [Decision, Actor, string])[]): Appeal {
  return steps.reduce((current, [decision, actor, at]) => {
    const result = decide(current, decision, actor, { now: almaty(at), calendar, termWorkingDays: 15 });
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
    const { set, history } = result.change;
    return { ...current, ...set, history: [...current.history, history], version: current.version + 1 };
  }, appeal);
}

const answer = (text = "Жауап"): Decision => ({ type: "answer", text, attachments: [] });
const reject: Decision = { type: "reject", legalReason: "other_legal_ground", comment: "Негіз" };
const forwardTo = (toAgencyId: string): Decision => ({ type: "forward", toAgencyId, reason: "Құзыретіне жатпайды" });
const rate = (score: number): Decision => ({ type: "rate", score });

function figures(appeals: readonly Appeal[], options: Partial<{ period: StatsPeriod; now: Date; agencyId: string }> = {}): ResponsivenessResult {
  return computeResponsiveness(appeals.map(toStatsAppeal), { period: options.period ?? march, calendar, now: options.now ?? now, agencyId: options.agencyId });
}

function agencyRow(result: ResponsivenessResult, agencyId: string): ResponsivenessFigures {
  const row = result.byAgency.find((entry) => entry.agencyId === agencyId);
  if (!row) throw new Error(`no row for ${agencyId}`);
  return row.figures;
}

const zero = noFigures;

describe("answered on time or late, in working days", () => {
  // Friday 6 March + 15 working days = Thursday 2 April (9 March and 21-25 March off).
  const onTheDeadlineDay = then(received("2026-03-06T10:00:00"), [answer(), ala, "2026-04-02T17:59:00"]);
  const aDayLate = then(received("2026-03-06T11:00:00"), [answer(), ala, "2026-04-03T09:00:00"]);
  // Saturday 7 March, a public-services complaint (5 working days): registered Tuesday 10 March
  // (Sunday 8 March is a holiday, Monday 9 March its day off), deadline Tuesday 17 March.
  const weekendReceipt = then(received("2026-03-07T12:00:00", { categoryId: "public_services" }, 5), [answer(), ala, "2026-03-17T10:00:00"]);
  // Friday 20 March, answered Thursday 26 March: 6 calendar days, 1 working day (Nauryz between).
  const acrossNauryz = then(received("2026-03-20T16:00:00"), [answer(), ala, "2026-03-26T10:00:00"]);

  it("registers and times them as the law counts", () => {
    expect([onTheDeadlineDay.deadline, aDayLate.deadline]).toEqual(["2026-04-02", "2026-04-02"]);
    expect([weekendReceipt.registeredOn, weekendReceipt.deadline]).toEqual(["2026-03-10", "2026-03-17"]);
    const outcomes = [onTheDeadlineDay, aDayLate, weekendReceipt, acrossNauryz].map((appeal) => agencyStages(toStatsAppeal(appeal), calendar, now)[0]?.outcome);
    expect(outcomes).toEqual([
      { kind: "answered", onTime: true, workingDays: 15 },
      { kind: "answered", onTime: false, workingDays: 16 },
      { kind: "answered", onTime: true, workingDays: 5 },
      { kind: "answered", onTime: true, workingDays: 1 },
    ]);
  });

  it("counts them per agency, per category, per cell and in total, with the median of an even count", () => {
    const result = figures([onTheDeadlineDay, aDayLate, weekendReceipt, acrossNauryz]);
    // Working days 15, 16, 5, 1: the median of four is the mean of 5 and 15.
    const expected = { ...zero, appeals: 4, received: 4, answered: 4, answeredOnTime: 3, answeredLate: 1, medianWorkingDaysToAnswer: 10 };
    expect(agencyRow(result, "akimat_almaty_city")).toEqual(expected);
    expect(result.total).toEqual(expected);
    expect(result.byCategory).toEqual([
      { categoryId: "public_services", figures: { ...zero, appeals: 1, received: 1, answered: 1, answeredOnTime: 1, medianWorkingDaysToAnswer: 5 } },
      { categoryId: "utilities", figures: { ...zero, appeals: 3, received: 3, answered: 3, answeredOnTime: 2, answeredLate: 1, medianWorkingDaysToAnswer: 15 } },
    ]);
    expect(result.byAgencyCategory.map((cell) => `${cell.agencyId}/${cell.categoryId}:${cell.figures.received}`)).toEqual([
      "akimat_almaty_city/public_services:1",
      "akimat_almaty_city/utilities:3",
    ]);
    expect(result).toMatchObject({ period: march, timeZone: "Asia/Almaty", asOf: now, agencyId: null });
  });

  it("judges an answer against the deadline in force then, so an extension granted before it counts", () => {
    // Monday 2 March: deadline Friday 27 March; extended on 20 March to 10 April; answered 6 April.
    const extended = then(
      received("2026-03-02T10:00:00"),
      [{ type: "take" }, ala, "2026-03-03T10:00:00"],
      [{ type: "extend", newDeadline: "2026-04-10", reason: "Сараптама" }, ala, "2026-03-20T10:00:00"],
      [answer(), ala, "2026-04-06T10:00:00"],
    );
    expect(extended.termDeadline).toBe("2026-03-27");
    expect(agencyStages(toStatsAppeal(extended), calendar, now)).toEqual([
      { agencyId: "akimat_almaty_city", byForward: false, start: "2026-03-02", outcome: { kind: "answered", onTime: true, workingDays: 21 } },
    ]);
    // Extended only after the term had passed: the answer was already late when it came.
    const lateExtension = then(
      received("2026-03-02T11:00:00"),
      [{ type: "take" }, ala, "2026-03-03T10:00:00"],
      [answer(), ala, "2026-03-30T10:00:00"],
    );
    expect(agencyStages(toStatsAppeal(lateExtension), calendar, now)[0]?.outcome).toEqual({ kind: "answered", onTime: false, workingDays: 16 });
  });

  it("counts a decision made before the clock started as 0 working days", () => {
    // Received Saturday 7 March (registered Tuesday 10 March), answered Monday 9 March (a day off).
    const early = then(received("2026-03-07T09:00:00"), [answer(), ala, "2026-03-09T12:00:00"]);
    expect(agencyStages(toStatsAppeal(early), calendar, now)[0]?.outcome).toEqual({ kind: "answered", onTime: true, workingDays: 0 });
  });
});

describe("rejections", () => {
  it("end the stage but are not answers: neither on time nor late, and not in the median", () => {
    const lateRejection = then(received("2026-03-02T10:00:00"), [reject, ala, "2026-03-30T10:00:00"]);
    const quickRejection = then(received("2026-03-02T10:00:00"), [reject, ala, "2026-03-02T15:00:00"]);
    const result = figures([lateRejection, quickRejection]);
    expect(agencyRow(result, "akimat_almaty_city")).toEqual({ ...zero, appeals: 2, received: 2, rejected: 2 });
    expect(agencyStages(toStatsAppeal(lateRejection), calendar, now)[0]?.outcome).toEqual({ kind: "rejected" });
    // Nothing answered: no on-time percentage to publish, not 100 %.
    expect(buildOpenData(result, { agencies: [], categories: [] }).agencies[0]).toMatchObject({ answered: 0, rejected: 2, onTimePercent: null, medianWorkingDaysToAnswer: null });
  });

  it("leave the answers' timing as it is", () => {
    const rejected = then(received("2026-03-02T10:00:00"), [reject, ala, "2026-03-02T15:00:00"]);
    const answeredLate = then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-03-30T10:00:00"]);
    expect(agencyRow(figures([rejected, answeredLate]), "akimat_almaty_city")).toMatchObject({ rejected: 1, answered: 1, answeredOnTime: 0, answeredLate: 1, medianWorkingDaysToAnswer: 16 });
  });
});

describe("forwarded appeals", () => {
  // Monday 2 March at Almaty's akimat; the forwarding term ends on Thursday 5 March (3 working days).
  const forwardedLate = then(
    received("2026-03-02T10:00:00"),
    [forwardTo("akimat_astana_city"), ala, "2026-03-06T10:00:00"],
    [answer(), ast, "2026-03-20T10:00:00"],
    [rate(2), citizen, "2026-03-21T10:00:00"],
  );
  const forwardedOnTime = then(received("2026-03-02T11:00:00"), [forwardTo("akimat_astana_city"), ala, "2026-03-05T18:00:00"]);

  it("count the forward for the sender and a receipt for the receiver, whose own clock times the answer", () => {
    expect(agencyStages(toStatsAppeal(forwardedLate), calendar, now)).toEqual([
      { agencyId: "akimat_almaty_city", byForward: false, start: "2026-03-02", outcome: { kind: "forwarded", late: true } },
      // Received by forward on Friday 6 March: 10-13 and 16-20 March are 9 working days.
      { agencyId: "akimat_astana_city", byForward: true, start: "2026-03-06", outcome: { kind: "answered", onTime: true, workingDays: 9 }, rating: 2 },
    ]);
    // The receiver's deadline: Thursday 5 March + 15 working days = Wednesday 1 April, passed by 15 April.
    expect(forwardedOnTime.deadline).toBe("2026-04-01");
    const result = figures([forwardedLate, forwardedOnTime]);
    expect(agencyRow(result, "akimat_almaty_city")).toEqual({ ...zero, appeals: 2, received: 2, forwarded: 2, forwardedLate: 1 });
    expect(agencyRow(result, "akimat_astana_city")).toEqual({
      ...zero,
      appeals: 2,
      received: 2,
      receivedByForward: 2,
      answered: 1,
      answeredOnTime: 1,
      open: 1,
      overdueNow: 1,
      medianWorkingDaysToAnswer: 9,
      ratingCount: 1,
      ratingAverage: 2,
    });
    // Two appeals, four stages: `received` adds up over agencies, `appeals` counts each appeal once.
    expect(result.total).toMatchObject({ appeals: 2, received: 4, receivedByForward: 2, forwarded: 2, answered: 1, open: 1 });
    expect(result.byCategory).toEqual([{ categoryId: "utilities", figures: result.total }]);
  });

  it("attributes each stage of a round trip to its agency", () => {
    const roundTrip = then(
      received("2026-03-02T10:00:00"),
      [forwardTo("akimat_astana_city"), ala, "2026-03-03T10:00:00"],
      [forwardTo("akimat_almaty_city"), ast, "2026-03-04T10:00:00"],
      [answer(), ala, "2026-03-06T10:00:00"],
    );
    const result = figures([roundTrip]);
    expect(agencyRow(result, "akimat_almaty_city")).toMatchObject({ appeals: 1, received: 2, receivedByForward: 1, forwarded: 1, answered: 1, medianWorkingDaysToAnswer: 2 });
    expect(agencyRow(result, "akimat_astana_city")).toMatchObject({ appeals: 1, received: 1, receivedByForward: 1, forwarded: 1 });
    expect(result.total).toMatchObject({ appeals: 1, received: 3, forwarded: 2, answered: 1 });
  });

  it("restricted to one agency, counts only that agency's stages", () => {
    const result = figures([forwardedLate, forwardedOnTime, then(received("2026-03-03T10:00:00"), [answer(), ala, "2026-03-04T10:00:00"])], { agencyId: "akimat_astana_city" });
    expect(result.agencyId).toBe("akimat_astana_city");
    expect(result.byAgency.map((row) => row.agencyId)).toEqual(["akimat_astana_city"]);
    expect(result.total).toEqual(agencyRow(result, "akimat_astana_city"));
    expect(result.total).toMatchObject({ appeals: 2, received: 2, receivedByForward: 2, answered: 1 });
  });
});

describe("open and overdue now", () => {
  it("counts open appeals past their deadline in force, awaiting the citizen included, and not on the deadline day", () => {
    const inProgress = then(received("2026-03-02T10:00:00"), [{ type: "take" }, ala, "2026-03-03T10:00:00"]);
    const awaiting = then(received("2026-03-02T10:00:00"), [{ type: "ask_clarification", question: "Мекенжай?" }, ala, "2026-03-03T10:00:00"]);
    const extended = then(
      received("2026-03-02T10:00:00"),
      [{ type: "take" }, ala, "2026-03-03T10:00:00"],
      [{ type: "extend", newDeadline: "2026-04-30", reason: "Сараптама" }, ala, "2026-03-04T10:00:00"],
    );
    const fresh = received("2026-03-31T10:00:00");
    expect(inProgress.deadline).toBe("2026-03-27");
    const result = figures([inProgress, awaiting, extended, fresh]);
    expect(result.total).toEqual({ ...zero, appeals: 4, received: 4, open: 4, overdueNow: 2 });
    const lastMinute = figures([inProgress], { now: almaty("2026-03-27T23:59:59") });
    const nextMorning = figures([inProgress], { now: almaty("2026-03-28T00:00:00") });
    expect([lastMinute.total.overdueNow, nextMorning.total.overdueNow]).toEqual([0, 1]);
  });

  it("ignores history written after `now`, so a report for a past moment can be reproduced", () => {
    const answeredLater = then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-04-20T10:00:00"], [rate(5), citizen, "2026-04-21T10:00:00"]);
    expect(figures([answeredLater]).total).toEqual({ ...zero, appeals: 1, received: 1, open: 1, overdueNow: 1 });
    expect(figures([answeredLater], { now: almaty("2026-05-01T10:00:00") }).total).toMatchObject({ answered: 1, answeredLate: 1, open: 0, ratingCount: 1, ratingAverage: 5 });
  });

  it("counts a withdrawal apart, untimed", () => {
    const withdrawn = then(received("2026-03-02T10:00:00"), [{ type: "withdraw" }, citizen, "2026-03-03T10:00:00"]);
    expect(figures([withdrawn]).total).toEqual({ ...zero, appeals: 1, received: 1, withdrawn: 1 });
  });
});

describe("ratings", () => {
  it("averages the last rating of each decided appeal, attributed to the deciding agency", () => {
    const five = then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-03-03T10:00:00"], [rate(5), citizen, "2026-03-04T10:00:00"]);
    const four = then(received("2026-03-02T10:00:00"), [reject, ala, "2026-03-03T10:00:00"], [rate(4), citizen, "2026-03-04T10:00:00"]);
    // Rated 1, then changed to 3: the citizen's last word counts.
    const changed = then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-03-03T10:00:00"], [rate(1), citizen, "2026-03-04T10:00:00"], [rate(3), citizen, "2026-03-05T10:00:00"]);
    const unrated = then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-03-03T10:00:00"]);
    expect(figures([five, four, changed, unrated]).total).toMatchObject({ ratingCount: 3, ratingAverage: 4 });
    expect(figures([five, four]).total).toMatchObject({ ratingCount: 2, ratingAverage: 4.5 });
  });
});

describe("medians", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even one", () => {
    expect(medianOfHistogram(new Map())).toBeNull();
    expect(medianOfHistogram(new Map([[7, 1]]))).toBe(7);
    expect(medianOfHistogram(new Map([[9, 1], [1, 1], [4, 1]]))).toBe(4);
    expect(medianOfHistogram(new Map([[1, 1], [4, 1]]))).toBe(2.5);
    expect(medianOfHistogram(new Map([[2, 3], [10, 1]]))).toBe(2);
    expect(medianOfHistogram(new Map([[2, 2], [10, 2]]))).toBe(6);
    expect(medianOfHistogram(new Map([[0, 1], [3, 5], [20, 1]]))).toBe(3);
  });

  it("over appeals: odd count", () => {
    const days = ["2026-03-03T10:00:00", "2026-03-05T10:00:00", "2026-03-13T10:00:00"]; // 1, 3 and 8 working days after 2 March
    const appeals = days.map((at) => then(received("2026-03-02T10:00:00"), [answer(), ala, at]));
    expect(figures(appeals).total.medianWorkingDaysToAnswer).toBe(3);
  });
});

describe("the period", () => {
  it("selects by the local date of receipt in the calendar's time zone, both ends included", () => {
    const appeals = [
      received("2026-02-28T23:50:00"), // out: still February in Almaty
      received("2026-03-01T00:30:00"), // in: 28 February 19:30 UTC
      received("2026-03-31T23:30:00"), // in
      received("2026-04-01T00:10:00"), // out: 31 March 19:10 UTC
    ];
    expect(figures(appeals).total.received).toBe(2);
    expect(periodInstants(march, "Asia/Almaty")).toEqual({ start: new Date("2026-02-28T19:00:00Z"), end: new Date("2026-03-31T19:00:00Z") });
  });

  it("leaves out an appeal received after `now`", () => {
    expect(figures([received("2026-03-20T10:00:00")], { now: almaty("2026-03-10T10:00:00") }).total.received).toBe(0);
  });

  it("gives zeros and nulls for an empty period, and the requested agency's row even then", () => {
    const empty = figures([]);
    expect(empty.total).toEqual(zero);
    expect([empty.byAgency, empty.byCategory, empty.byAgencyCategory]).toEqual([[], [], []]);
    expect(figures([], { agencyId: "akimat_almaty_city" }).byAgency).toEqual([{ agencyId: "akimat_almaty_city", figures: zero }]);
  });

  it("parses a typed period and says what is wrong with a bad one", () => {
    expect(parseStatsPeriod("2026-03-01", " 2026-03-31")).toEqual({ ok: true, period: march });
    expect(parseStatsPeriod("2026-02-30", "2026-03-31")).toEqual({ ok: false, problem: "invalid_date", field: "from", value: "2026-02-30" });
    expect(parseStatsPeriod("2026-03-01", "31.03.2026")).toMatchObject({ ok: false, problem: "invalid_date", field: "to" });
    expect(parseStatsPeriod("2026-04-01", "2026-03-01")).toMatchObject({ ok: false, problem: "reversed" });
    expect(parseStatsPeriod("2020-01-01", "2026-03-01")).toEqual({ ok: false, problem: "too_long", maxDays: maxPeriodDays });
  });
});

describe("consistency and privacy", () => {
  const mixed = (): Appeal[] => [
    then(received("2026-03-02T10:00:00"), [answer(), ala, "2026-03-10T10:00:00"], [rate(4), citizen, "2026-03-11T10:00:00"]),
    then(received("2026-03-03T10:00:00", { categoryId: "roads_transport" }), [forwardTo("akimat_astana_city"), ala, "2026-03-04T10:00:00"], [reject, ast, "2026-04-10T10:00:00"]),
    then(received("2026-03-04T10:00:00", { categoryId: "roads_transport" }), [{ type: "withdraw" }, citizen, "2026-03-05T10:00:00"]),
    then(received("2026-03-05T10:00:00"), [{ type: "take" }, ala, "2026-03-06T10:00:00"]),
    received("2026-03-30T10:00:00", { categoryId: "public_services" }, 5), // deadline 6 April: overdue by 15 April
  ];

  it("keeps every row balanced and the rows adding up to the total", () => {
    const result = figures(mixed());
    const rows = [result.total, ...result.byAgency.map((r) => r.figures), ...result.byCategory.map((r) => r.figures), ...result.byAgencyCategory.map((r) => r.figures)];
    for (const row of rows) {
      expect(row.received).toBe(row.forwarded + row.answered + row.rejected + row.withdrawn + row.open);
      expect(row.answeredOnTime + row.answeredLate).toBe(row.answered);
    }
    const sum = (list: readonly { figures: ResponsivenessFigures }[], key: keyof ResponsivenessFigures) => list.reduce((total, r) => total + Number(r.figures[key]), 0);
    for (const key of ["received", "forwarded", "answered", "rejected", "withdrawn", "open", "overdueNow", "ratingCount"] as const) {
      expect(sum(result.byAgency, key)).toBe(result.total[key]);
      expect(sum(result.byCategory, key)).toBe(result.total[key]);
      expect(sum(result.byAgencyCategory, key)).toBe(result.total[key]);
    }
    expect(result.total).toMatchObject({ appeals: 5, received: 6, forwarded: 1, answered: 1, rejected: 1, withdrawn: 1, open: 2, overdueNow: 2, answeredOnTime: 1, answeredLate: 0 });
  });

  it("gives the same figures from a stream as from an array", async () => {
    async function* stream(): AsyncGenerator<StatsAppeal> {
      for (const appeal of mixed()) yield toStatsAppeal(appeal);
    }
    const streamed = await computeResponsivenessFromStream(stream(), { period: march, calendar, now });
    expect(JSON.stringify(streamed)).toBe(JSON.stringify(figures(mixed())));
  });

  it("reads no personal data: the projection keeps only the listed fields", () => {
    const full = then(received("2026-03-02T10:00:00"), [answer("Жеке мәтін"), ala, "2026-03-03T10:00:00"], [rate(5), citizen, "2026-03-04T10:00:00"]);
    const narrow = toStatsAppeal(full);
    expect(Object.keys(narrow).sort()).toEqual([...statsAppealFields].sort());
    for (const entry of narrow.history) expect(Object.keys(entry).every((key) => (statsHistoryFields as readonly string[]).includes(key))).toBe(true);
    const text = JSON.stringify(narrow);
    for (const secret of ["Айгүл", "900101400003", "+77011234567", "Абай", "telegram:1", "telegram:501", "Жеке мәтін", "ыстық су"]) expect(text).not.toContain(secret);
  });
});
