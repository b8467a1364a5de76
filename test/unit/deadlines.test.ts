// Issue #7's clocks on the shipped calendar in Asia/Almaty (ESTU_TIMEZONE's default,
// UTC+5 all year). The clock is fake: every rule takes `now` as an argument.
import { describe, expect, it } from "vitest";
import type { Actor, Appeal, AppealStatus } from "../../src/core/appeal/appeal.js";
import { decide, type DecideResult } from "../../src/core/appeal/decide.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import { registerAppeal } from "../../src/core/appeal/register-appeal.js";
import type { LocalDate } from "../../src/core/calendar/local-date.js";
import { forwardingTerm, isForwardingLate } from "../../src/core/deadlines/forwarding-term.js";
import { isOverdue, openStatuses, overdueAt } from "../../src/core/deadlines/overdue.js";
import { reminderPlan } from "../../src/core/deadlines/reminders.js";
import { defaultWorkingHours, nextWorkingMoment } from "../../src/core/deadlines/working-hours.js";
import { draft, shippedCalendar } from "../support/fixtures.js";

const calendar = await shippedCalendar();
const hours = defaultWorkingHours;

/** An instant given as wall time in Almaty. */
const almaty = (local: string): Date => new Date(`${local}+05:00`);

const almatyOfficial: Actor = { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" };
const astanaOfficial: Actor = { type: "official", officialId: "telegram:601", agencyId: "akimat_astana_city" };

/** An appeal registered as the citizens' bot would, received at `receivedAt` (Almaty wall time). */
function registered(receivedAt: string, termWorkingDays = 15): Appeal {
  return registerAppeal(draft(), {
    number: "ALA-2026-000042",
    submissionKey: "telegram:1:42",
    citizenId: "telegram:1",
    receivedAt: almaty(receivedAt),
    calendar,
    termWorkingDays,
  });
}

/** The appeal after `decision` at `at`, as the store would write it. */
function decided(appeal: Appeal, decision: Decision, actor: Actor, at: string): Appeal {
  return applied(appeal, decide(appeal, decision, actor, { now: almaty(at), calendar, termWorkingDays: 15 }));
}

function applied(appeal: Appeal, result: DecideResult): Appeal {
  if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.refusal)}`);
  const { set, history, outbox } = result.change;
  return {
    ...appeal,
    ...set,
    history: [...appeal.history, history],
    outbox: outbox ? [...appeal.outbox, outbox] : appeal.outbox,
    version: appeal.version + 1,
  };
}

/** An open appeal with only what the clocks read. */
function withDeadline(deadline: LocalDate, status: AppealStatus = "in_progress") {
  return { id: "ALA-2026-000042", status, deadline };
}

/** The plan as `kind at` lines (Almaty wall time), easy to read in a failure. */
function planOf(appeal: Pick<Appeal, "id" | "status" | "deadline">, now: string): string[] {
  return reminderPlan(appeal, calendar, hours, almaty(now)).map((reminder) => `${reminder.kind} ${wall(reminder.at)}`);
}

function wall(instant: Date): string {
  return new Date(instant.getTime() + 5 * 3_600_000).toISOString().slice(0, 16);
}

describe("consideration term on the shipped calendar", () => {
  it("skips weekends: received on a Friday, due three weeks later", () => {
    const appeal = registered("2026-02-06T10:00");
    expect(appeal).toMatchObject({ registeredOn: "2026-02-06", deadline: "2026-02-27" });
  });

  it("registers an appeal that arrives on a weekend on Monday, so its clock starts then", () => {
    expect(registered("2026-02-07T10:00")).toMatchObject({ registeredOn: "2026-02-09", deadline: "2026-03-02" });
  });

  it("skips New Year (1-2 January) and Orthodox Christmas (7 January)", () => {
    expect(registered("2025-12-31T19:00")).toMatchObject({ registeredOn: "2025-12-31", deadline: "2026-01-26" });
    expect(registered("2026-01-01T12:00")).toMatchObject({ registeredOn: "2026-01-05" });
  });

  it("skips Nauryz (21-23 March) and the weekdays off that replace its weekend days", () => {
    // 2026: 21 Saturday, 22 Sunday, 23 Monday; 24 and 25 March are the substitutes.
    expect(registered("2026-03-20T10:00", 5)).toMatchObject({ registeredOn: "2026-03-20", deadline: "2026-04-01" });
  });

  it("counts a weekend day made working by decree (Sunday 5 January 2025)", () => {
    // 3 January 2025 is a Friday made a day off, moved to Sunday 5 January.
    expect(calendar.isWorkingDay("2025-01-03")).toBe(false);
    expect(calendar.isWorkingDay("2025-01-05")).toBe(true);
    expect(calendar.registrationDate(almaty("2025-01-04T10:00"))).toBe("2025-01-05");
    expect(calendar.deadline(almaty("2025-01-04T10:00"), 3)).toBe("2025-01-09"); // 6, (7 Christmas), 8, 9
  });

  it("skips the Monday off for a holiday on a weekend (8 March 2026 is a Sunday)", () => {
    expect(calendar.isWorkingDay("2026-03-09")).toBe(false);
    expect(calendar.addWorkingDays("2026-03-06", 1)).toBe("2026-03-10");
  });
});

describe("nextWorkingMoment", () => {
  it("keeps an instant within working hours of a working day", () => {
    expect(nextWorkingMoment(almaty("2026-02-06T09:00"), calendar, hours)).toEqual(almaty("2026-02-06T09:00"));
    expect(nextWorkingMoment(almaty("2026-02-06T17:59:59"), calendar, hours)).toEqual(almaty("2026-02-06T17:59:59"));
  });

  it("moves an early morning of a working day to 09:00 that day", () => {
    expect(nextWorkingMoment(almaty("2026-02-10T06:15"), calendar, hours)).toEqual(almaty("2026-02-10T09:00"));
  });

  it("moves Friday evening to Monday morning (18:00 itself is after hours)", () => {
    expect(nextWorkingMoment(almaty("2026-02-06T18:30"), calendar, hours)).toEqual(almaty("2026-02-09T09:00"));
    expect(nextWorkingMoment(almaty("2026-02-06T18:00"), calendar, hours)).toEqual(almaty("2026-02-09T09:00"));
  });

  it("moves a holiday morning to the next working day", () => {
    expect(nextWorkingMoment(almaty("2026-03-09T10:00"), calendar, hours)).toEqual(almaty("2026-03-10T09:00"));
    expect(nextWorkingMoment(almaty("2026-03-21T11:00"), calendar, hours)).toEqual(almaty("2026-03-26T09:00"));
  });

  it("moves a Saturday to a Sunday made working by decree", () => {
    expect(nextWorkingMoment(almaty("2025-01-04T12:00"), calendar, hours)).toEqual(almaty("2025-01-05T09:00"));
  });

  it("reads the wall clock in the calendar's zone, not UTC", () => {
    // 03:30 UTC on Monday is 08:30 in Almaty: before opening.
    expect(nextWorkingMoment(new Date("2026-02-09T03:30:00Z"), calendar, hours)).toEqual(almaty("2026-02-09T09:00"));
  });

  it("takes other hours and refuses malformed ones", () => {
    const early = { opens: "08:30", closes: "17:30" } as const;
    expect(nextWorkingMoment(almaty("2026-02-06T17:45"), calendar, early)).toEqual(almaty("2026-02-09T08:30"));
    expect(() => nextWorkingMoment(almaty("2026-02-06T10:00"), calendar, { opens: "18:00", closes: "09:00" })).toThrow(RangeError);
    expect(() => nextWorkingMoment(almaty("2026-02-06T10:00"), calendar, { opens: "9:00", closes: "18:00" })).toThrow(RangeError);
  });
});

describe("reminderPlan", () => {
  it("plans 3 working days before, the deadline day and overdue, all in working hours", () => {
    // Deadline Friday 27 February 2026: overdue from Saturday midnight, alerts on Monday.
    const plan = reminderPlan(withDeadline("2026-02-27"), calendar, hours, almaty("2026-02-09T10:00"));
    expect(plan).toEqual([
      { id: "ALA-2026-000042.2026-02-27.before3", appealId: "ALA-2026-000042", deadline: "2026-02-27", kind: "before3", at: almaty("2026-02-24T09:00") },
      { id: "ALA-2026-000042.2026-02-27.due", appealId: "ALA-2026-000042", deadline: "2026-02-27", kind: "due", at: almaty("2026-02-27T09:00") },
      {
        id: "ALA-2026-000042.2026-02-27.overdue",
        appealId: "ALA-2026-000042",
        deadline: "2026-02-27",
        kind: "overdue",
        at: almaty("2026-03-02T09:00"),
        overdueAt: almaty("2026-02-28T00:00"),
      },
    ]);
  });

  it("counts back across New Year and the transferred days", () => {
    // 6 January 2026 (a 5-day term from 26 December): 5 January, (1-2 January), 31 and 30 December.
    expect(planOf(withDeadline("2026-01-06"), "2025-12-26T10:00")).toEqual([
      "before3 2025-12-30T09:00",
      "due 2026-01-06T09:00",
      "overdue 2026-01-08T09:00", // 7 January is Christmas
    ]);
    // 9 January 2025: 8, 6 and Sunday 5 January (working by decree); 7 January is Christmas.
    expect(planOf(withDeadline("2025-01-09"), "2025-01-01T10:00")).toEqual([
      "before3 2025-01-05T09:00",
      "due 2025-01-09T09:00",
      "overdue 2025-01-10T09:00",
    ]);
  });

  it("counts back across Nauryz and a holiday's Monday substitute", () => {
    // 27 March 2026: 26, then 25-21 March are days off, 20 and 19.
    expect(planOf(withDeadline("2026-03-27"), "2026-03-02T10:00")[0]).toBe("before3 2026-03-19T09:00");
    // 12 March 2026: 11, 10, then Monday 9 March (8 March fell on Sunday) and the weekend, 6.
    expect(planOf(withDeadline("2026-03-12"), "2026-03-02T10:00")[0]).toBe("before3 2026-03-06T09:00");
    // A deadline on the last working day before Nauryz: alerts wait until 26 March.
    expect(planOf(withDeadline("2026-03-20"), "2026-03-02T10:00")[2]).toBe("overdue 2026-03-26T09:00");
  });

  it("sends the deadline-day reminder on the last working day when an extension ends on a day off", () => {
    expect(planOf(withDeadline("2026-04-25", "extended"), "2026-04-01T10:00")).toEqual([
      "before3 2026-04-22T09:00",
      "due 2026-04-24T09:00",
      "overdue 2026-04-27T09:00",
    ]);
  });

  it("drops reminders already past but keeps overdue, which goes out at the next working moment", () => {
    expect(planOf(withDeadline("2026-02-27"), "2026-02-24T09:00")).toEqual([
      "before3 2026-02-24T09:00",
      "due 2026-02-27T09:00",
      "overdue 2026-03-02T09:00",
    ]);
    expect(planOf(withDeadline("2026-02-27"), "2026-02-27T09:30")).toEqual(["overdue 2026-03-02T09:00"]);
    const late = reminderPlan(withDeadline("2026-02-27"), calendar, hours, almaty("2026-03-03T20:00"));
    expect(late).toEqual([expect.objectContaining({ kind: "overdue", at: almaty("2026-03-04T09:00"), overdueAt: almaty("2026-02-28T00:00") })]);
    expect(planOf(withDeadline("2026-02-27"), "2026-03-03T11:15")).toEqual(["overdue 2026-03-03T11:15"]);
  });

  it("gives the same ids when planned twice and new ids for a new deadline", () => {
    const ids = (deadline: LocalDate) =>
      reminderPlan(withDeadline(deadline), calendar, hours, almaty("2026-02-09T10:00")).map((reminder) => reminder.id);
    expect(ids("2026-02-27")).toEqual(ids("2026-02-27"));
    expect(ids("2026-03-13")).toEqual(["ALA-2026-000042.2026-03-13.before3", "ALA-2026-000042.2026-03-13.due", "ALA-2026-000042.2026-03-13.overdue"]);
    // BullMQ refuses custom job ids containing ":".
    expect(ids("2026-02-27").some((id) => id.includes(":"))).toBe(false);
  });

  it("plans for every open status, awaiting_citizen included, and nothing once answered, rejected, withdrawn or closed", () => {
    expect([...openStatuses].sort()).toEqual(["awaiting_citizen", "extended", "forwarded", "in_progress", "registered"]);
    for (const status of openStatuses) {
      expect(planOf(withDeadline("2026-02-27", status), "2026-02-09T10:00")).toHaveLength(3);
    }
    for (const status of ["answered", "rejected", "withdrawn", "closed"] as const) {
      expect(reminderPlan(withDeadline("2026-02-27", status), calendar, hours, almaty("2026-03-05T10:00"))).toEqual([]);
    }
  });
});

describe("isOverdue", () => {
  it("turns true at local midnight after the deadline day, in Almaty's zone", () => {
    const appeal = withDeadline("2026-02-27");
    expect(isOverdue(appeal, calendar, almaty("2026-02-27T23:59:59.999"))).toBe(false);
    expect(isOverdue(appeal, calendar, almaty("2026-02-28T00:00"))).toBe(true);
    // 19:30 UTC on the deadline day is already the next day in Almaty.
    expect(isOverdue(appeal, { timeZone: "Asia/Almaty" }, new Date("2026-02-27T19:30:00Z"))).toBe(true);
    expect(overdueAt("2026-02-27", "Asia/Almaty")).toEqual(almaty("2026-02-28T00:00"));
  });

  it("keeps the clock running while the citizen is asked, and stops it once answered", () => {
    const after = almaty("2026-03-02T10:00");
    expect(isOverdue(withDeadline("2026-02-27", "awaiting_citizen"), calendar, after)).toBe(true);
    expect(isOverdue(withDeadline("2026-02-27", "answered"), calendar, after)).toBe(false);
  });
});

describe("extension limits through decide()", () => {
  const inProgress = decided(registered("2026-02-06T10:00"), { type: "take" }, almatyOfficial, "2026-02-09T10:00");
  const extend = (newDeadline: LocalDate) =>
    decide(inProgress, { type: "extend", newDeadline, reason: "Нужна экспертиза" }, almatyOfficial, { now: almaty("2026-02-20T10:00"), calendar, termWorkingDays: 15 });

  it("accepts exactly two months after the term's deadline and refuses a day more", () => {
    expect(inProgress.termDeadline).toBe("2026-02-27");
    expect(extend("2026-04-27")).toMatchObject({ ok: true, change: { set: { status: "extended", deadline: "2026-04-27" } } });
    expect(extend("2026-04-28")).toEqual({ ok: false, refusal: { type: "extension_too_long", latest: "2026-04-27" } });
  });

  it("moves the reminders to the new deadline", () => {
    const extended = applied(inProgress, extend("2026-03-31"));
    expect(extended).toMatchObject({ status: "extended", termDeadline: "2026-02-27", deadline: "2026-03-31" });
    expect(reminderPlan(extended, calendar, hours, almaty("2026-02-20T10:00")).map((reminder) => reminder.id)).toEqual([
      "ALA-2026-000042.2026-03-31.before3",
      "ALA-2026-000042.2026-03-31.due",
      "ALA-2026-000042.2026-03-31.overdue",
    ]);
    expect(isOverdue(extended, calendar, almaty("2026-03-02T10:00"))).toBe(false);
  });
});

describe("forwarding term", () => {
  it("gives the first agency 3 working days from registration: late on day 4, not on day 3", () => {
    // Registered Friday 20 March 2026; Nauryz and its substitutes run to 25 March.
    const appeal = registered("2026-03-20T10:00");
    expect(forwardingTerm(appeal, calendar)).toEqual({ receivedOn: "2026-03-20", lastDay: "2026-03-30" });
    expect(isForwardingLate(appeal, calendar, almaty("2026-03-30T23:59"))).toBe(false);
    expect(isForwardingLate(appeal, calendar, almaty("2026-03-31T09:00"))).toBe(true);
  });

  it("counts from the next working day when the appeal arrived on a weekend", () => {
    expect(forwardingTerm(registered("2026-02-07T10:00"), calendar)).toEqual({ receivedOn: "2026-02-09", lastDay: "2026-02-12" });
  });

  it("restarts for the receiving agency from the last forward, and is never late once answered", () => {
    const taken = decided(registered("2026-02-06T10:00"), { type: "take" }, almatyOfficial, "2026-02-09T10:00");
    const forwarded = decided(taken, { type: "forward", toAgencyId: "akimat_astana_city", reason: "Адрес в Астане" }, almatyOfficial, "2026-02-11T11:00");
    expect(forwardingTerm(forwarded, calendar)).toEqual({ receivedOn: "2026-02-11", lastDay: "2026-02-16" });
    expect(isForwardingLate(taken, calendar, almaty("2026-02-13T10:00"))).toBe(true);
    expect(isForwardingLate(forwarded, calendar, almaty("2026-02-13T10:00"))).toBe(false);
    const answered = decided(forwarded, { type: "answer", text: "Ответ дан.", attachments: [] }, astanaOfficial, "2026-02-20T10:00");
    expect(isForwardingLate(answered, calendar, almaty("2026-02-20T10:00"))).toBe(false);
  });
});

describe("a forwarded appeal", () => {
  it("keeps the first agency's deadline in the earlier entries and the new agency's afterwards", () => {
    const taken = decided(registered("2026-02-06T10:00"), { type: "take" }, almatyOfficial, "2026-02-09T10:00");
    const forwarded = decided(taken, { type: "forward", toAgencyId: "akimat_astana_city", reason: "Адрес в Астане" }, almatyOfficial, "2026-02-11T11:00");
    const retaken = decided(forwarded, { type: "take" }, astanaOfficial, "2026-02-12T10:00");
    expect(retaken.history.map((entry) => [entry.event, entry.deadline])).toEqual([
      ["registered", "2026-02-27"],
      ["taken", "2026-02-27"],
      ["forwarded", "2026-03-04"],
      ["taken", "2026-03-04"],
    ]);
    expect(retaken).toMatchObject({ agencyId: "akimat_astana_city", termDeadline: "2026-03-04", deadline: "2026-03-04" });
    // The first agency's date has passed; the receiving agency's clock governs.
    expect(isOverdue(retaken, calendar, almaty("2026-03-02T10:00"))).toBe(false);
    expect(planOf(retaken, "2026-02-12T10:00")).toEqual([
      "before3 2026-02-27T09:00",
      "due 2026-03-04T09:00",
      "overdue 2026-03-05T09:00",
    ]);
  });
});
