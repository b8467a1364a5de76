import { describe, expect, it } from "vitest";
import type { Actor, AppealStatus } from "../../src/core/appeal/appeal.js";
import { decide, type DecideContext } from "../../src/core/appeal/decide.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import { allowedDecisions, statusRules } from "../../src/core/appeal/status-rules.js";
import { calendarYearSchema } from "../../src/core/calendar/calendar-year.js";
import { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import { sampleAppeal } from "../support/sample-appeal.js";

// Weekends only: these tests are about decisions, the calendar has its own.
const calendar = WorkingCalendar.create(
  [2026, 2027].map((year) => calendarYearSchema.parse({ year, holidays: [] })),
  "Asia/Almaty",
);
const now = new Date("2026-12-01T10:00:00+05:00");
const context: DecideContext = { now, calendar, termWorkingDays: 15 };
const official: Actor = { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" };
const citizen: Actor = { type: "citizen", citizenId: "telegram:1" };

const appeal = sampleAppeal;

const sample: Record<Decision["type"], Decision> = {
  take: { type: "take" },
  reassign: { type: "reassign", officialId: "telegram:503" },
  ask_clarification: { type: "ask_clarification", question: "Уточните номер дома." },
  clarify: { type: "clarify", text: "Дом 10.", attachments: [] },
  answer: { type: "answer", text: "Подача воды восстановлена.", attachments: [] },
  forward: { type: "forward", toAgencyId: "akimat_astana_city", reason: "Адрес в Астане" },
  reject: { type: "reject", legalReason: "anonymous", comment: "Автора установить нельзя." },
  extend: { type: "extend", newDeadline: "2027-01-15", reason: "Нужна экспертиза" },
  withdraw: { type: "withdraw" },
  close: { type: "close" },
  rate: { type: "rate", score: 4, comment: "Спасибо" },
  mark_overdue: { type: "mark_overdue" },
};

const system: Actor = { type: "system" };
const actorFor = (decision: Decision): Actor => ({ official, citizen, system })[statusRules[decision.type].by];

describe("decide", () => {
  const statuses: AppealStatus[] = ["registered", "in_progress", "awaiting_citizen", "extended", "forwarded", "answered", "rejected", "withdrawn", "closed"];
  for (const status of statuses) {
    for (const decision of Object.values(sample)) {
      const allowed = allowedDecisions(status).includes(decision.type);
      it(`${allowed ? "allows" : "refuses"} ${decision.type} when ${status}`, () => {
        const actor = actorFor(decision);
        // Marking overdue needs a deadline that has passed.
        const result = decide(appeal(status, decision.type === "mark_overdue" ? { deadline: "2026-11-30" } : {}), decision, actor, context);
        if (!allowed) {
          expect(result).toEqual({ ok: false, refusal: { type: "transition_not_allowed", status, decision: decision.type } });
          return;
        }
        if (!result.ok) throw new Error(JSON.stringify(result.refusal));
        expect(result.change).toMatchObject({ appealId: "ALA-2026-000001", expectedVersion: 3, expectedStatus: status });
        expect(result.change.set.status).toBe(statusRules[decision.type].to ?? status);
        expect(result.change.history).toMatchObject({ at: now, actor, event: statusRules[decision.type].event });
        expect(result.change.outbox?.notice).toBe(statusRules[decision.type].notice);
      });
    }
  }

  it("numbers outbox entries after the existing ones and points them at the new history entry", () => {
    const existing = { id: "ALA-2026-000001-n1", notice: "taken" as const, historyIndex: 1, createdAt: now };
    const result = decide(appeal("in_progress", { outbox: [existing] }), sample.answer, official, context);
    expect(result.ok && result.change.outbox).toEqual({ id: "ALA-2026-000001-n2", notice: "answered", historyIndex: 1, createdAt: now });
  });

  it("refuses an official of another agency and a citizen acting as an official", () => {
    const foreign: Actor = { type: "official", officialId: "telegram:601", agencyId: "akimat_astana_city" };
    expect(decide(appeal("registered"), sample.take, foreign, context)).toEqual({
      ok: false,
      refusal: { type: "not_your_agency", appealAgencyId: "akimat_almaty_city", actorAgencyId: "akimat_astana_city" },
    });
    expect(decide(appeal("registered"), sample.take, citizen, context)).toEqual({ ok: false, refusal: { type: "wrong_actor", expected: "official" } });
    expect(decide(appeal("awaiting_citizen"), sample.clarify, { type: "citizen", citizenId: "telegram:2" }, context)).toEqual({ ok: false, refusal: { type: "not_the_author" } });
  });

  it("requires a reason to forward, reject or extend and text to ask or answer", () => {
    const open = appeal("in_progress");
    expect(decide(open, { type: "forward", toAgencyId: "akimat_astana_city", reason: "  " }, official, context)).toMatchObject({ refusal: { type: "empty_text", field: "reason" } });
    expect(decide(open, { type: "reject", legalReason: "anonymous", comment: "" }, official, context)).toMatchObject({ refusal: { type: "empty_text", field: "comment" } });
    expect(decide(open, { type: "extend", newDeadline: "2027-01-10", reason: "" }, official, context)).toMatchObject({ refusal: { type: "empty_text", field: "reason" } });
    expect(decide(open, { type: "ask_clarification", question: " " }, official, context)).toMatchObject({ refusal: { type: "empty_text", field: "question" } });
    expect(decide(open, { type: "answer", text: "", attachments: [] }, official, context)).toMatchObject({ refusal: { type: "empty_text", field: "text" } });
    const withFile = decide(open, { type: "answer", text: "", attachments: [{ kind: "document", channel: "telegram", fileId: "f1" }] }, official, context);
    expect(withFile.ok).toBe(true);
  });

  it("refuses forwarding to the same agency", () => {
    expect(decide(appeal("in_progress"), { type: "forward", toAgencyId: "akimat_almaty_city", reason: "x" }, official, context)).toEqual({ ok: false, refusal: { type: "same_agency" } });
  });

  it("starts the receiving agency's clock on forwarding and unassigns the official", () => {
    const result = decide(appeal("in_progress", { assignedOfficialId: "telegram:501" }), sample.forward, official, context);
    if (!result.ok) throw new Error("refused");
    expect(result.change.set).toEqual({
      status: "forwarded",
      agencyId: "akimat_astana_city",
      assignedOfficialId: null,
      deadline: "2026-12-22",
      termDeadline: "2026-12-22",
    });
    expect(result.change.history).toMatchObject({ fromAgencyId: "akimat_almaty_city", toAgencyId: "akimat_astana_city", deadline: "2026-12-22" });
  });

  it("limits an extension to two months after the term and requires a later date", () => {
    const open = appeal("in_progress");
    expect(decide(open, { ...sample.extend, newDeadline: "2026-12-18" } as Decision, official, context)).toEqual({ ok: false, refusal: { type: "deadline_not_later", current: "2026-12-18" } });
    expect(decide(open, { ...sample.extend, newDeadline: "2027-02-19" } as Decision, official, context)).toEqual({ ok: false, refusal: { type: "extension_too_long", latest: "2027-02-18" } });
    const longest = decide(open, { ...sample.extend, newDeadline: "2027-02-18" } as Decision, official, context);
    expect(longest.ok && longest.change.set).toEqual({ status: "extended", deadline: "2027-02-18" });
    const again = decide(appeal("extended", { deadline: "2027-01-15" }), { ...sample.extend, newDeadline: "2027-02-19" } as Decision, official, context);
    expect(again).toMatchObject({ ok: false, refusal: { type: "extension_too_long" } });
  });

  it("records the taker as the assigned official", () => {
    const result = decide(appeal("registered"), sample.take, official, context);
    expect(result.ok && result.change.set).toEqual({ status: "in_progress", assignedOfficialId: "telegram:501" });
  });

  it("marks an appeal overdue only after its deadline's day, once per deadline, for the system only", () => {
    const onDeadlineDay = { ...context, now: new Date("2026-12-18T23:59:00+05:00") };
    expect(decide(appeal("in_progress"), sample.mark_overdue, system, onDeadlineDay)).toEqual({ ok: false, refusal: { type: "not_overdue", deadline: "2026-12-18" } });
    const nextMorning = { ...context, now: new Date("2026-12-19T00:00:00+05:00") };
    const marked = decide(appeal("in_progress"), sample.mark_overdue, system, nextMorning);
    if (!marked.ok) throw new Error(JSON.stringify(marked.refusal));
    expect(marked.change.set).toEqual({ status: "in_progress" });
    expect(marked.change.history).toMatchObject({ event: "overdue", deadline: "2026-12-18", actor: system });
    expect(marked.change.outbox?.notice).toBe("overdue");
    const again = appeal("in_progress", { history: [...appeal("in_progress").history, marked.change.history] });
    expect(decide(again, sample.mark_overdue, system, nextMorning)).toEqual({ ok: false, refusal: { type: "already_marked", deadline: "2026-12-18" } });
    // An extension sets a new deadline: passing that one is marked again.
    const extended = { ...again, status: "extended" as const, deadline: "2027-01-15" as const };
    expect(decide(extended, sample.mark_overdue, system, { ...context, now: new Date("2027-01-16T09:00:00+05:00") }).ok).toBe(true);
    expect(decide(appeal("in_progress"), sample.mark_overdue, official, nextMorning)).toEqual({ ok: false, refusal: { type: "wrong_actor", expected: "system" } });
  });
});

describe("decide: bounded growth", () => {
  it("replaces the citizen's rating when they rate again, instead of adding an entry", () => {
    const first = decide(appeal("answered"), sample.rate, citizen, context);
    if (!first.ok) throw new Error(JSON.stringify(first.refusal));
    expect(first.change.replacesHistoryIndex).toBeUndefined();
    const rated = appeal("answered", { history: [...appeal("answered").history, first.change.history] });
    const second = decide(rated, { type: "rate", score: 2, comment: "x".repeat(1000) }, citizen, context);
    if (!second.ok) throw new Error(JSON.stringify(second.refusal));
    expect(second.change.replacesHistoryIndex).toBe(rated.history.length - 1);
    expect(second.change.history).toMatchObject({ event: "rated", score: 2 });
  });

  it("refuses a clarification or an answer with more than 10 files", () => {
    const files = Array.from({ length: 11 }, (_, index) => ({ kind: "photo" as const, channel: "telegram", fileId: `F${index}` }));
    expect(decide(appeal("awaiting_citizen"), { type: "clarify", text: "", attachments: files }, citizen, context)).toEqual({ ok: false, refusal: { type: "too_many_files", max: 10 } });
    expect(decide(appeal("in_progress"), { type: "answer", text: "Ответ", attachments: files }, official, context)).toEqual({ ok: false, refusal: { type: "too_many_files", max: 10 } });
  });
});
