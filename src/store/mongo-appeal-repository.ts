import { setTimeout as sleep } from "node:timers/promises";
import type { Connection, Model } from "mongoose";
import { appealStatuses, type Appeal, type AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import { formatAppealNumber } from "../core/appeal/appeal-number.js";
import type { AppealChange } from "../core/appeal/decide.js";
import { openStatuses } from "../core/deadlines/overdue.js";
import { AppError } from "../core/errors.js";
import { submissionInProgress, type AgencyFilter, type AppealRepository, type ApplyResult, type CreateResult, type NewAppeal, type OutboxOutcome, type Page, type PendingOutboxPage } from "../core/ports/appeal-repository.js";
import { crashPoint } from "../crash-point.js";
import { appealModel, type AppealDocument } from "./appeal-model.js";
import { agencyTallyId, allAgencies, applyTallyMoves, countIn, tallyModel, tallyMoves, type TallyDocument } from "./appeal-tallies.js";
import { agencyListModel, moveInAgencyLists, pageOfAgencyList, type AgencyListDocument } from "./agency-lists.js";
import { citizenAppealsModel, listAppealOfCitizen, type CitizenAppealsDocument } from "./citizen-appeal-lists.js";
import { counterModel, submissionModel, type CounterDocument, type SubmissionDocument } from "./bookkeeping-models.js";
import { withId } from "./documents.js";
import { isDuplicateKeyError, upsertWithRetry } from "./duplicate-key.js";
import { lowerOutboxMark, markedAppealIds, outboxMarkModel, raiseOutboxMark, type OutboxMarkDocument } from "./outbox-marks.js";

type ClaimTiming = Readonly<{
  /** How long a second caller waits for the first to finish storing the same submission. */
  waitMs: number;
  /** A claim older than this, with no appeal, was left by a process that died: take it over. */
  staleMs: number;
}>;

const defaultTiming: ClaimTiming = { waitMs: 10_000, staleMs: 30_000 };

/**
 * Appeals in MongoDB. A submission first claims its key (a document whose `_id` is the
 * key), then takes a number and stores the appeal: a duplicate never burns a number, so
 * the series has gaps only where a process died or the store failed between numbering
 * and storing. The unique index on `submissionKey` stays as a backstop.
 */
export class MongoAppealRepository implements AppealRepository {
  private readonly appeals: Model<AppealDocument>;
  private readonly counters: Model<CounterDocument>;
  private readonly submissions: Model<SubmissionDocument>;
  private readonly tallies: Model<TallyDocument>;
  private readonly agencyLists: Model<AgencyListDocument>;
  private readonly citizenLists: Model<CitizenAppealsDocument>;
  private readonly outboxMarks: Model<OutboxMarkDocument>;

  constructor(connection: Connection, private readonly timing: ClaimTiming = defaultTiming) {
    this.appeals = appealModel(connection);
    this.counters = counterModel(connection);
    this.submissions = submissionModel(connection);
    this.tallies = tallyModel(connection);
    this.citizenLists = citizenAppealsModel(connection);
    this.agencyLists = agencyListModel(connection);
    this.outboxMarks = outboxMarkModel(connection);
  }

  async createOnce(input: NewAppeal): Promise<CreateResult> {
    const stored = await this.storedFor(input.submissionKey);
    if (stored) {
      // A repeated submission lists the appeal again: it repairs the list if the first attempt died before listing it.
      await listAppealOfCitizen(this.citizenLists, stored.citizenId, stored.id);
      return { appeal: stored, created: false };
    }
    if (!(await this.claim(input.submissionKey))) {
      const settled = await this.awaitOrTakeOver(input.submissionKey);
      if (settled) return { appeal: settled, created: false };
    }
    let saved: CreateResult;
    try {
      const number = formatAppealNumber(input.prefix, input.year, await this.nextSequence(input.prefix, input.year));
      saved = await this.insertOrFindExisting(input.build(number));
      crashPoint("after-create-before-mark");
      await this.submissions.updateOne({ _id: input.submissionKey }, { $set: { appealId: saved.appeal.id } });
    } catch (error) {
      // Release the claim so a retry need not wait for it to go stale.
      await this.submissions.deleteOne({ _id: input.submissionKey, appealId: null }).catch(() => undefined);
      throw error;
    }
    // Counted once: only the caller that settled the claim gets here. An appeal found after a takeover
    // (`created: false`) was stored by an attempt that died before settling it, so before counting it.
    await listAppealOfCitizen(this.citizenLists, saved.appeal.citizenId, saved.appeal.id);
    await applyTallyMoves(this.tallies, tallyMoves(undefined, saved.appeal));
    await moveInAgencyLists(this.agencyLists, undefined, saved.appeal);
    return saved;
  }

  async get(id: string): Promise<Appeal | undefined> {
    const doc = await this.appeals.findOne({ _id: id }).lean<AppealDocument>();
    return doc ? toAppeal(doc) : undefined;
  }

  async apply(change: AppealChange): Promise<ApplyResult> {
    const replaces = change.replacesHistoryIndex;
    const push: Record<string, unknown> = replaces === undefined ? { history: change.history } : {};
    const set = replaces === undefined ? change.set : { ...change.set, [`history.${replaces}`]: change.history };
    if (change.outbox) {
      push["outbox"] = change.outbox;
      await raiseOutboxMark(this.outboxMarks, change.appealId);
    }
    const before = await this.appeals
      .findOneAndUpdate(
        { _id: change.appealId, version: change.expectedVersion, status: change.expectedStatus },
        { $set: set, ...(Object.keys(push).length > 0 ? { $push: push } : {}), $inc: { version: 1, pendingOutbox: change.outbox ? 1 : 0 } },
        { returnDocument: "before" },
      )
      .lean<AppealDocument>();
    if (before) {
      // The document before the change tells which counts to move; the one after is the same update done here.
      const appeal = changed(toAppeal(before), change);
      await applyTallyMoves(this.tallies, tallyMoves(before, appeal));
      await moveInAgencyLists(this.agencyLists, { ...before, id: before._id }, appeal);
      // A notice written and not yet queued: only its outbox mark leads the sweep to it after a crash here.
      if (change.outbox) crashPoint("after-decision-before-relay");
      return { ok: true, appeal };
    }
    if (change.outbox) await lowerOutboxMark(this.outboxMarks, change.appealId);
    const exists = await this.appeals.exists({ _id: change.appealId });
    return { ok: false, reason: exists ? "stale" : "not_found" };
  }

  async markOutbox(id: string, index: number, entryId: string, outcome: OutboxOutcome): Promise<void> {
    const path = `outbox.${index}`;
    const set = Object.fromEntries(Object.entries(outcome).map(([field, value]) => [`${path}.${field}`, value]));
    // Only an entry still pending is marked, so the pending count drops exactly once.
    const settled = await this.appeals.updateOne({ _id: id, ...pendingEntry(index, entryId) }, { $set: set, $inc: { pendingOutbox: -1 } });
    if (settled.matchedCount === 1) await lowerOutboxMark(this.outboxMarks, id);
  }

  async markOutboxSending(id: string, index: number, entryId: string, at: Date): Promise<boolean> {
    const path = `outbox.${index}`;
    const result = await this.appeals.updateOne({ _id: id, ...pendingEntry(index, entryId) }, { $set: { [`${path}.sendingAt`]: at }, $inc: { [`${path}.sends`]: 1 } });
    return result.matchedCount > 0;
  }

  async markLateFailure(id: string, index: number, entryId: string, failedAt: Date, failure: string): Promise<void> {
    const path = `outbox.${index}`;
    await this.appeals.updateOne(
      { _id: id, [`${path}.id`]: entryId, [`${path}.deliveredAt`]: { $exists: true }, [`${path}.failedAt`]: { $exists: false } },
      { $set: { [`${path}.failedAt`]: failedAt, [`${path}.failure`]: failure } },
    );
  }

  async listWithPendingOutbox(limit: number, after?: string): Promise<PendingOutboxPage> {
    const ids = await markedAppealIds(this.outboxMarks, limit, after);
    const marked = await Promise.all(ids.map((id) => this.get(id)));
    return { appeals: marked.filter((appeal): appeal is Appeal => appeal !== undefined && appeal.pendingOutbox > 0), next: ids.length === limit ? ids.at(-1) : undefined };
  }

  async listByCitizen(citizenId: string, page: Page): Promise<Appeal[]> {
    const list = await this.citizenLists.findOne({ _id: citizenId }).lean<CitizenAppealsDocument>();
    const ids = [...(list?.appealIds ?? [])].reverse().slice(page.offset, page.offset + page.limit);
    const appeals = await Promise.all(ids.map((id) => this.get(id)));
    return appeals.filter((appeal): appeal is Appeal => appeal !== undefined);
  }

  async listByAgency(filter: AgencyFilter, page: Page): Promise<Appeal[]> {
    const ids = await pageOfAgencyList(this.agencyLists, filter, page);
    const appeals = await Promise.all(ids.map((id) => this.get(id)));
    // A process that died while moving an appeal between lists leaves it in its old one too: shown only where it is now.
    return appeals.filter((appeal): appeal is Appeal => appeal !== undefined && appeal.agencyId === filter.agencyId && filter.statuses.includes(appeal.status));
  }

  async listOpenIds(): Promise<string[]> {
    // One scan for the numbers alone; the sweep then reads each appeal by `_id`.
    const docs = await this.appeals.find({ status: { $in: openStatuses } }, { _id: 1 }).lean<{ _id: string }[]>();
    return docs.map((doc) => doc._id).sort();
  }

  async countAll(today: LocalDate): Promise<{ byStatus: Record<AppealStatus, number>; overdue: number }> {
    const tally = await this.tallies.findOne({ _id: allAgencies }).lean<TallyDocument>();
    const byStatus = Object.fromEntries(appealStatuses.map((status) => [status, countIn(tally ?? undefined, { statuses: [status] })])) as Record<AppealStatus, number>;
    return { byStatus, overdue: countIn(tally ?? undefined, { statuses: openStatuses, deadlineBefore: today }) };
  }

  async countByAgency(filter: AgencyFilter): Promise<number> {
    return countIn((await this.tallies.findOne({ _id: agencyTallyId(filter.agencyId) }).lean<TallyDocument>()) ?? undefined, filter);
  }

  private async storedFor(submissionKey: string): Promise<Appeal | undefined> {
    const claim = await this.submissions.findOne({ _id: submissionKey }).lean<SubmissionDocument>();
    return claim?.appealId ? this.get(claim.appealId) : undefined;
  }

  private async claim(submissionKey: string): Promise<boolean> {
    try {
      await this.submissions.create({ _id: submissionKey, appealId: null, claimedAt: new Date() });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  /**
   * Waits for the caller that holds the claim; takes over a claim its holder abandoned. A holder
   * killed after storing the appeal and before marking its claim left the appeal behind: it is
   * looked up by its submission key (a scan on FerretDB, only on this rare path) before waiting
   * and again before taking over, so the citizen gets that appeal, never a second one.
   */
  private async awaitOrTakeOver(submissionKey: string): Promise<Appeal | undefined> {
    const orphan = await this.adoptOrphan(submissionKey);
    if (orphan) return orphan;
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (;;) {
      const claim = await this.submissions.findOne({ _id: submissionKey }).lean<SubmissionDocument>();
      if (claim?.appealId) return this.get(claim.appealId);
      // The holder failed and released its claim: claim it afresh.
      if (!claim && (await this.claim(submissionKey))) return undefined;
      if (claim && Date.now() - claim.claimedAt.getTime() > this.timing.staleMs) {
        const late = await this.adoptOrphan(submissionKey);
        if (late) return late;
        const taken = await this.submissions.updateOne(
          { _id: submissionKey, appealId: null, claimedAt: claim.claimedAt },
          { $set: { claimedAt: new Date() } },
        );
        if (taken.modifiedCount === 1) return undefined;
      }
      if (Date.now() > giveUpAt) {
        throw new AppError(submissionInProgress, "Another process is still storing this submission; retry the message later.");
      }
      await sleep(50);
    }
  }

  /** The appeal stored under `submissionKey` by a holder that did not mark its claim, now marked; undefined when none. */
  private async adoptOrphan(submissionKey: string): Promise<Appeal | undefined> {
    const doc = await this.appeals.findOne({ submissionKey }).lean<AppealDocument>();
    if (!doc) return undefined;
    await this.submissions.updateOne({ _id: submissionKey, appealId: null }, { $set: { appealId: doc._id } });
    return toAppeal(doc);
  }

  private async nextSequence(prefix: string, year: number): Promise<number> {
    const counter = await upsertWithRetry(() =>
      this.counters
        .findOneAndUpdate({ _id: `appeal-${prefix}-${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: "after" })
        .lean<CounterDocument>(),
    );
    if (!counter) throw new AppError("COUNTER_UPSERT_FAILED", "The appeal counter returned nothing after an upsert.", { prefix, year });
    return counter.seq;
  }

  /** After a takeover, the abandoned attempt may have stored the appeal already: return that one. */
  private async insertOrFindExisting(appeal: Appeal): Promise<CreateResult> {
    const { id, ...rest } = appeal;
    try {
      await this.appeals.create({ _id: id, ...rest });
      return { appeal, created: true };
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      const existing = await this.appeals.findOne({ submissionKey: appeal.submissionKey }).lean<AppealDocument>();
      if (!existing) throw error;
      return { appeal: toAppeal(existing), created: false };
    }
  }
}

const toAppeal = (doc: AppealDocument): Appeal => withId(doc);

/** The appeal as `change` leaves it: what the update wrote, computed from the document before it. */
function changed(before: Appeal, change: AppealChange): Appeal {
  return {
    ...before,
    ...change.set,
    history: change.replacesHistoryIndex === undefined ? [...before.history, change.history] : before.history.map((entry, index) => (index === change.replacesHistoryIndex ? change.history : entry)),
    outbox: change.outbox ? [...before.outbox, change.outbox] : before.outbox,
    pendingOutbox: before.pendingOutbox + (change.outbox ? 1 : 0),
    version: before.version + 1,
  };
}

/** The filter that matches an appeal whose outbox entry `index` is `entryId` and still pending. */
function pendingEntry(index: number, entryId: string) {
  const path = `outbox.${index}`;
  return { [`${path}.id`]: entryId, [`${path}.deliveredAt`]: { $exists: false }, [`${path}.failedAt`]: { $exists: false } };
}
