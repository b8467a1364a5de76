// The appeal store on the real MongoDB-wire server: numbering, exactly-once
// submission, guarded decisions with their outbox entry, and authorization.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/core/appeal/appeal.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import { decideOnAppeal, type DecideDeps, type RefusedEvent } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal, type SubmitDeps } from "../../src/core/use-cases/submit-appeal.js";
import { submissionInProgress } from "../../src/core/ports/appeal-repository.js";
import { MongoAppealRepository } from "../../src/store/mongo-appeal-repository.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const friday = new Date("2026-11-27T10:00:00+05:00");
const official: Actor = { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" };
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let calendar: WorkingCalendar;
const refused: RefusedEvent[] = [];

beforeAll(async () => {
  database = await openTestDatabase("appeals");
  store = await openMongoStore(database.connection);
  calendar = await shippedCalendar();
  await seedReferenceData(database.connection, await shippedReferenceData());
  await store.officials.put({ id: "telegram:501", agencyId: "akimat_almaty_city", role: "official", language: "kk", displayName: "Official 501", active: true, createdAt: friday });
  await store.officials.put({ id: "telegram:502", agencyId: "akimat_almaty_city", role: "official", language: "ru", displayName: "Official 502", active: false, createdAt: friday });
});
afterAll(() => database.drop());

const submitDeps = (): SubmitDeps => ({ appeals: store.appeals, directory: store.directory, calendar });
const decideDeps = (): DecideDeps => ({ ...submitDeps(), officials: store.officials, onRefused: (event) => refused.push(event) });
const submit = (key: string, overrides = {}) =>
  submitAppeal(submitDeps(), { draft: draft(overrides), submissionKey: key, citizenId: "telegram:1", receivedAt: friday });

describe("submitting appeals", () => {
  it("gives 200 concurrent submissions 200 distinct numbers with no gaps", async () => {
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => submit(`telegram:1:${1000 + i}`, { agencyId: "akimat_astana_city", regionId: "astana_city" })));
    const numbers = results.map((result) => (result.ok ? result.appeal.id : "failed"));
    const sequences = numbers.map((number) => Number(number.split("-")[2])).sort((a, b) => a - b);
    expect(new Set(numbers).size).toBe(200);
    expect(numbers.every((number) => /^AST-2026-\d{6}$/.test(number))).toBe(true);
    expect(sequences).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it("stores exactly one appeal when the same submission arrives twice at once", async () => {
    const [first, second] = await Promise.all([submit("telegram:1:77"), submit("telegram:1:77")]);
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.appeal.id).toBe(second.appeal.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    const stored = await database.connection.collection("appeals").countDocuments({ submissionKey: "telegram:1:77" });
    expect(stored).toBe(1);
    const again = await submit("telegram:1:77");
    expect(again.ok && again.appeal.id === first.appeal.id && !again.created).toBe(true);
  });

  it("registers with the legal deadline: 15 working days after the registration day", async () => {
    const result = await submit("telegram:1:78");
    if (!result.ok) throw new Error(JSON.stringify(result));
    expect(result.appeal).toMatchObject({ status: "registered", registeredOn: "2026-11-27", version: 0, agencyId: "akimat_almaty_city" });
    expect(result.appeal.deadline).toBe(calendar.addWorkingDays("2026-11-27", 15));
    expect(await store.appeals.get(result.appeal.id)).toEqual(result.appeal);
  });

  it("refuses an invalid draft and an unknown agency without storing anything", async () => {
    const short = await submit("telegram:1:79", { text: "short" });
    expect(short).toMatchObject({ ok: false, problem: "invalid_draft" });
    const unknown = await submit("telegram:1:80", { agencyId: "no_such_agency" });
    expect(unknown).toEqual({ ok: false, problem: "unknown_agency", id: "no_such_agency" });
    expect(await database.connection.collection("submissions").countDocuments({ _id: { $in: ["telegram:1:79", "telegram:1:80"] } } as never)).toBe(0);
  });
});

describe("deciding on appeals", () => {
  async function registered(key: string) {
    const result = await submit(key);
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.appeal;
  }

  it("writes the status, the history entry and the outbox entry in one change", async () => {
    const appeal = await registered("telegram:1:90");
    const taken = await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, official, friday);
    if (!taken.ok) throw new Error(JSON.stringify(taken));
    expect(taken.appeal).toMatchObject({ status: "in_progress", version: 1, assignedOfficialId: "telegram:501" });
    expect(taken.appeal.history.map((h) => h.event)).toEqual(["registered", "taken"]);
    expect(taken.appeal.outbox).toEqual([{ id: `${appeal.id}-n1`, notice: "taken", historyIndex: 1, createdAt: friday }]);
    expect(taken.appeal.pendingOutbox).toBe(1);
    const answered = await decideOnAppeal(decideDeps(), appeal.id, { type: "answer", text: "Су кешке дейін қосылады.", attachments: [] }, official, friday);
    expect(answered.ok && answered.appeal.outbox.map((o) => o.notice)).toEqual(["taken", "answered"]);
    expect(await store.appeals.get(appeal.id)).toMatchObject({ status: "answered", version: 2 });
  });

  it("keeps one rating per answer: rating again replaces it in place", async () => {
    const appeal = await registered("telegram:1:89");
    await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, official, friday);
    await decideOnAppeal(decideDeps(), appeal.id, { type: "answer", text: "Су кешке дейін қосылады.", attachments: [] }, official, friday);
    const citizen: Actor = { type: "citizen", citizenId: "telegram:1" };
    for (const score of [5, 1, 3]) {
      const rated = await decideOnAppeal(decideDeps(), appeal.id, { type: "rate", score, comment: "ж".repeat(1000) }, citizen, friday);
      expect(rated.ok).toBe(true);
    }
    const stored = await store.appeals.get(appeal.id);
    expect(stored?.history.map((entry) => entry.event)).toEqual(["registered", "taken", "answered", "rated"]);
    expect(stored).toMatchObject({ rating: { score: 3 }, version: 5 });
    expect(stored?.history[3]).toMatchObject({ event: "rated", score: 3 });
  });

  it("refuses a change decided on a stale version and changes nothing", async () => {
    const appeal = await registered("telegram:1:91");
    const taken = await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, official, friday);
    expect(taken.ok).toBe(true);
    const stale = await store.appeals.apply({
      appealId: appeal.id,
      expectedVersion: 0,
      expectedStatus: "registered",
      set: { status: "rejected" },
      history: { at: friday, actor: official, event: "rejected", status: "rejected" },
      outbox: undefined,
    });
    expect(stale).toEqual({ ok: false, reason: "stale" });
    const after = await store.appeals.get(appeal.id);
    expect(after).toMatchObject({ status: "in_progress", version: 1 });
    expect(after?.history).toHaveLength(2);
  });

  it("lets only one of many concurrent decisions on the same version win", async () => {
    const appeal = await registered("telegram:1:92");
    const attempts = await Promise.all(Array.from({ length: 20 }, () => decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, official, friday)));
    expect(attempts.filter((attempt) => attempt.ok)).toHaveLength(1);
    const after = await store.appeals.get(appeal.id);
    expect(after?.history).toHaveLength(2);
    expect(after?.outbox).toHaveLength(1);
  });

  it("refuses an invalid transition, another agency's official and a deactivated one", async () => {
    const appeal = await registered("telegram:1:93");
    refused.length = 0;
    const close = await decideOnAppeal(decideDeps(), appeal.id, { type: "close" }, official, friday);
    expect(close).toEqual({ ok: false, reason: "refused", refusal: { type: "transition_not_allowed", status: "registered", decision: "close" } });
    const foreign: Actor = { type: "official", officialId: "telegram:601", agencyId: "akimat_astana_city" };
    await store.officials.put({ id: "telegram:601", agencyId: "akimat_astana_city", role: "official", language: "ru", displayName: "Official 601", active: true, createdAt: friday });
    expect(await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, foreign, friday)).toMatchObject({ ok: false, refusal: { type: "not_your_agency" } });
    const forgedAgency: Actor = { type: "official", officialId: "telegram:601", agencyId: "akimat_almaty_city" };
    expect(await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, forgedAgency, friday)).toEqual({ ok: false, reason: "unknown_official" });
    const inactive: Actor = { type: "official", officialId: "telegram:502", agencyId: "akimat_almaty_city" };
    expect(await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, inactive, friday)).toEqual({ ok: false, reason: "inactive_official" });
    expect(await store.appeals.get(appeal.id)).toEqual(appeal);
    expect(refused.map((event) => event.reason)).toEqual(["transition_not_allowed", "not_your_agency", "unknown_official", "inactive_official"]);
  });

  it("lets only a supervisor extend or reassign, and only to an active official of the same agency", async () => {
    const appeal = await registered("telegram:1:95");
    await decideOnAppeal(decideDeps(), appeal.id, { type: "take" }, official, friday);
    const extend = { type: "extend", newDeadline: "2027-01-15", reason: "Нужна экспертиза" } as const;
    expect(await decideOnAppeal(decideDeps(), appeal.id, extend, official, friday)).toEqual({ ok: false, reason: "role_required" });
    await store.officials.put({ id: "telegram:503", agencyId: "akimat_almaty_city", role: "supervisor", language: "kk", displayName: "Supervisor", active: true, createdAt: friday });
    const supervisor: Actor = { type: "official", officialId: "telegram:503", agencyId: "akimat_almaty_city" };
    expect((await decideOnAppeal(decideDeps(), appeal.id, extend, supervisor, friday)).ok).toBe(true);
    for (const target of ["telegram:601", "telegram:502", "telegram:999"]) {
      expect(await decideOnAppeal(decideDeps(), appeal.id, { type: "reassign", officialId: target }, supervisor, friday)).toEqual({ ok: false, reason: "invalid_assignee" });
    }
    const reassigned = await decideOnAppeal(decideDeps(), appeal.id, { type: "reassign", officialId: "telegram:501" }, supervisor, friday);
    expect(reassigned.ok && reassigned.appeal.assignedOfficialId).toBe("telegram:501");
  });

  it("forwards to another agency, which starts its own clock", async () => {
    const appeal = await registered("telegram:1:94");
    const monday = new Date("2026-11-30T09:00:00+05:00");
    const forwarded = await decideOnAppeal(decideDeps(), appeal.id, { type: "forward", toAgencyId: "akimat_astana_city", reason: "Мекенжай Астанада" }, official, monday);
    if (!forwarded.ok) throw new Error(JSON.stringify(forwarded));
    expect(forwarded.appeal).toMatchObject({ status: "forwarded", agencyId: "akimat_astana_city", assignedOfficialId: null, deadline: calendar.addWorkingDays("2026-11-30", 15) });
    expect(forwarded.appeal.history.at(-1)).toMatchObject({ event: "forwarded", fromAgencyId: "akimat_almaty_city", toAgencyId: "akimat_astana_city" });
    expect(forwarded.appeal.id).toBe(appeal.id);
  });
});

describe("a submission whose first attempt died", () => {
  const claims = () => database.connection.collection<{ _id: string; appealId: string | null; claimedAt: Date }>("submissions");
  // Short waits, so a repository that waited for the claim instead of finding the appeal fails the test quickly.
  const impatient = () => new MongoAppealRepository(database.connection, { waitMs: 200, staleMs: 60_000 });
  const submitWith = (appeals: MongoAppealRepository, key: string) =>
    submitAppeal({ ...submitDeps(), appeals }, { draft: draft(), submissionKey: key, citizenId: "telegram:1", receivedAt: friday });

  it("returns the appeal stored before the process died, though its claim was never marked", async () => {
    const first = await submit("died:90");
    if (!first.ok) throw new Error(JSON.stringify(first));
    // What a kill between storing the appeal and marking the claim leaves: a fresh claim without its appeal id.
    await claims().updateOne({ _id: "died:90" }, { $set: { appealId: null, claimedAt: new Date() } });
    const again = await submitWith(impatient(), "died:90");
    expect(again).toMatchObject({ ok: true, created: false, appeal: { id: first.appeal.id } });
    expect((await claims().findOne({ _id: "died:90" }))?.appealId).toBe(first.appeal.id);
    expect(await database.connection.collection("appeals").countDocuments({ submissionKey: "died:90" })).toBe(1);
  });

  it("says the submission is in progress, not failed, while a live claim has no appeal yet", async () => {
    await claims().insertOne({ _id: "died:91", appealId: null, claimedAt: new Date() });
    await expect(submitWith(impatient(), "died:91")).rejects.toMatchObject({ code: submissionInProgress });
    expect(await database.connection.collection("appeals").countDocuments({ submissionKey: "died:91" })).toBe(0);
  });

  it("takes over a stale claim that has no appeal and stores the appeal once", async () => {
    await claims().insertOne({ _id: "died:92", appealId: null, claimedAt: new Date(0) });
    const taken = await submitWith(new MongoAppealRepository(database.connection, { waitMs: 5_000, staleMs: 1_000 }), "died:92");
    expect(taken).toMatchObject({ ok: true, created: true });
    expect(await database.connection.collection("appeals").countDocuments({ submissionKey: "died:92" })).toBe(1);
  });
});
