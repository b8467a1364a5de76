import { setTimeout as sleep } from "node:timers/promises";
import type { Connection, Model } from "mongoose";
import { appealStatuses, type Appeal, type AppealStatus } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import { formatAppealNumber } from "../core/appeal/appeal-number.js";
import type { AppealChange } from "../core/appeal/decide.js";
import { openStatuses } from "../core/deadlines/overdue.js";
import { AppError } from "../core/errors.js";
import { crashPoint } from "../crash-point.js";
import { logRef } from "../core/log-ref.js";
import type { AgencyFilter, AppealRepository, ApplyResult, CreateResult, NewAppeal, OutboxCursor, OutboxOutcome, Page } from "../core/ports/appeal-repository.js";
import { appealModel, type AppealDocument } from "./appeal-model.js";
import { counterModel, submissionModel, type CounterDocument, type SubmissionDocument } from "./bookkeeping-models.js";
import { withId } from "./documents.js";
import { isDuplicateKeyError, upsertWithRetry } from "./duplicate-key.js";

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

  constructor(connection: Connection, private readonly timing: ClaimTiming = defaultTiming) {
    this.appeals = appealModel(connection);
    this.counters = counterModel(connection);
    this.submissions = submissionModel(connection);
  }

  async createOnce(input: NewAppeal): Promise<CreateResult> {
    const stored = await this.storedFor(input.submissionKey);
    if (stored) return { appeal: stored, created: false };
    if (!(await this.claim(input.submissionKey))) {
      const settled = await this.awaitOrTakeOver(input.submissionKey);
      if (settled) return { appeal: settled, created: false };
    }
    try {
      const number = formatAppealNumber(input.prefix, input.year, await this.nextSequence(input.prefix, input.year));
      const saved = await this.insertOrFindExisting(input.build(number));
      crashPoint("after-create-before-mark");
      await this.submissions.updateOne({ _id: input.submissionKey }, { $set: { appealId: saved.appeal.id } });
      return saved;
    } catch (error) {
      // Release the claim so a retry need not wait for it to go stale.
      await this.submissions.deleteOne({ _id: input.submissionKey, appealId: null }).catch(() => undefined);
      throw error;
    }
  }

  async get(id: string): Promise<Appeal | undefined> {
    const doc = await this.appeals.findOne({ _id: id }).lean<AppealDocument>();
    return doc ? toAppeal(doc) : undefined;
  }

  async apply(change: AppealChange): Promise<ApplyResult> {
    const push: Record<string, unknown> = { history: change.history };
    if (change.outbox) push["outbox"] = change.outbox;
    const updated = await this.appeals
      .findOneAndUpdate(
        { _id: change.appealId, version: change.expectedVersion, status: change.expectedStatus },
        { $set: change.set, $push: push, $inc: { version: 1, pendingOutbox: change.outbox ? 1 : 0 } },
        { returnDocument: "after" },
      )
      .lean<AppealDocument>();
    if (updated) return { ok: true, appeal: toAppeal(updated) };
    const exists = await this.appeals.exists({ _id: change.appealId });
    return { ok: false, reason: exists ? "stale" : "not_found" };
  }

  async markOutbox(id: string, index: number, entryId: string, outcome: OutboxOutcome): Promise<void> {
    const path = `outbox.${index}`;
    const set = Object.fromEntries(Object.entries(outcome).map(([field, value]) => [`${path}.${field}`, value]));
    // Only an entry still pending is marked, so the pending count drops exactly once.
    await this.appeals.updateOne({ _id: id, ...pendingEntry(index, entryId) }, { $set: set, $inc: { pendingOutbox: -1 } });
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

  async listWithPendingOutbox(limit: number, after?: OutboxCursor): Promise<Appeal[]> {
    const later = after ? { $or: [{ receivedAt: { $gt: after.receivedAt } }, { receivedAt: after.receivedAt, _id: { $gt: after.id } }] } : {};
    const docs = await this.appeals
      .find({ pendingOutbox: { $gt: 0 }, ...later })
      .sort({ receivedAt: 1, _id: 1 })
      .limit(limit)
      .lean<AppealDocument[]>();
    return docs.map(toAppeal);
  }

  async listByCitizen(citizenId: string, page: Page): Promise<Appeal[]> {
    const docs = await this.appeals.find({ citizenId }).sort({ receivedAt: -1 }).skip(page.offset).limit(page.limit).lean<AppealDocument[]>();
    return docs.map(toAppeal);
  }

  async listByAgency(filter: AgencyFilter, page: Page): Promise<Appeal[]> {
    const docs = await this.appeals
      .find(agencyQuery(filter))
      .sort({ deadline: 1, _id: 1 })
      .skip(page.offset)
      .limit(page.limit)
      .lean<AppealDocument[]>();
    return docs.map(toAppeal);
  }

  async listOpen(limit: number, afterId?: string): Promise<Appeal[]> {
    const docs = await this.appeals
      .find({ status: { $in: openStatuses }, ...(afterId ? { _id: { $gt: afterId } } : {}) })
      .sort({ _id: 1 })
      .limit(limit)
      .lean<AppealDocument[]>();
    return docs.map(toAppeal);
  }

  async countAll(today: LocalDate): Promise<{ byStatus: Record<AppealStatus, number>; overdue: number }> {
    // One count per status: plain queries both MongoDB and FerretDB answer, for a dashboard.
    const counts = await Promise.all(appealStatuses.map((status) => this.appeals.countDocuments({ status })));
    const overdue = await this.appeals.countDocuments({ status: { $in: openStatuses }, deadline: { $lt: today } });
    return { byStatus: Object.fromEntries(appealStatuses.map((status, index) => [status, counts[index] ?? 0])) as Record<AppealStatus, number>, overdue };
  }

  async countByAgency(filter: AgencyFilter): Promise<number> {
    return this.appeals.countDocuments(agencyQuery(filter));
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

  /** Waits for the caller that holds the claim; takes over a claim its holder abandoned. */
  private async awaitOrTakeOver(submissionKey: string): Promise<Appeal | undefined> {
    const giveUpAt = Date.now() + this.timing.waitMs;
    for (;;) {
      const claim = await this.submissions.findOne({ _id: submissionKey }).lean<SubmissionDocument>();
      if (claim?.appealId) return this.get(claim.appealId);
      if (claim && Date.now() - claim.claimedAt.getTime() > this.timing.staleMs) {
        const taken = await this.submissions.updateOne(
          { _id: submissionKey, appealId: null, claimedAt: claim.claimedAt },
          { $set: { claimedAt: new Date() } },
        );
        if (taken.modifiedCount === 1) return undefined;
      }
      if (Date.now() > giveUpAt) {
        throw new AppError("SUBMISSION_IN_PROGRESS", "Another process is still storing this submission; retry the message later.", { submission: logRef(submissionKey) });
      }
      await sleep(50);
    }
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

/** Deadlines are stored as `YYYY-MM-DD`, so comparing the strings compares the dates. */
function agencyQuery(filter: AgencyFilter) {
  return {
    agencyId: filter.agencyId,
    status: { $in: filter.statuses },
    ...(filter.deadlineBefore ? { deadline: { $lt: filter.deadlineBefore } } : {}),
  };
}

/** The filter that matches an appeal whose outbox entry `index` is `entryId` and still pending. */
function pendingEntry(index: number, entryId: string) {
  const path = `outbox.${index}`;
  return { [`${path}.id`]: entryId, [`${path}.deliveredAt`]: { $exists: false }, [`${path}.failedAt`]: { $exists: false } };
}
