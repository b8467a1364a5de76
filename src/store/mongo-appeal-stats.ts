/**
 * Appeals for statistics, read from MongoDB with a projection so that personal data
 * never leaves the database for a report: the server returns only the fields of
 * `StatsAppeal` (and `_id`, the public appeal number, to name a damaged record).
 *
 * Portability (MongoDB 7 and FerretDB 1.24, see README): one `find` with a range on
 * `receivedAt`, an optional `$or` of equalities (one on a field inside the `history`
 * array), an inclusion projection of top-level and nested fields, and a cursor read in
 * batches (`getMore`). No aggregation. FerretDB 1.24 applies inclusion projections of
 * dotted paths through arrays of documents like MongoDB (`history.event` keeps
 * `event` in every entry; its `includeProjection`), and the integration test
 * `test/integration/stats-store.test.ts` checks the returned fields on whichever server runs.
 */
import type { Connection, Model } from "mongoose";
import { historyEvents, type HistoryEvent } from "../core/appeal/appeal.js";
import { type LocalDate, parseLocalDate } from "../core/calendar/local-date.js";
import { AppError } from "../core/errors.js";
import type { AppealStatsQuery, AppealStatsSource } from "../core/ports/appeal-stats.js";
import { periodInstants } from "../core/stats/period.js";
import { type StatsAppeal, type StatsHistoryEntry, statsAppealFields, statsHistoryFields } from "../core/stats/stats-appeal.js";
import { appealModel, type AppealDocument } from "./appeal-model.js";

/** Appeals per round trip: a few hundred small documents keep memory flat and round trips few. */
export const defaultStatsBatchSize = 500;

/**
 * The projection of a stats read: the top-level fields of `StatsAppeal` but `history`,
 * and the listed fields of each history entry (so no entry's `text`, `reason`,
 * `attachments`, `actor` or `officialId`). Exported for the test that checks it.
 */
export const statsProjection: Readonly<Record<string, 1>> = Object.fromEntries([
  ["_id", 1],
  ...statsAppealFields.filter((field) => field !== "history").map((field) => [field, 1] as const),
  ...statsHistoryFields.map((field) => [`history.${field}`, 1] as const),
]);

/** A projected document as the driver returns it: checked field by field before use. */
type ProjectedDocument = Readonly<Record<string, unknown>>;

/** {@link AppealStatsSource} over the `appeals` collection. */
export class MongoAppealStats implements AppealStatsSource {
  private readonly appeals: Model<AppealDocument>;

  constructor(
    connection: Connection,
    private readonly batchSize: number = defaultStatsBatchSize,
  ) {
    this.appeals = appealModel(connection);
  }

  async *appealsReceived(query: AppealStatsQuery): AsyncGenerator<StatsAppeal> {
    const { start, end } = periodInstants(query.period, query.timeZone);
    const received = { receivedAt: { $gte: start, $lt: end } };
    // An agency held the appeal if it holds it now or sent it on: every holder but the
    // current one is the `fromAgencyId` of some forward.
    const filter =
      query.agencyId === undefined
        ? received
        : { ...received, $or: [{ agencyId: query.agencyId }, { "history.fromAgencyId": query.agencyId }] };
    const cursor = this.appeals.find(filter).select(statsProjection).lean<ProjectedDocument>().batchSize(this.batchSize).cursor();
    try {
      for await (const doc of cursor) yield fromProjectedDocument(doc as ProjectedDocument);
    } finally {
      // A consumer that stops early (an error in the computation) must not leave the server cursor open.
      await cursor.close();
    }
  }

  async firstReceivedAt(): Promise<Date | undefined> {
    // The receivedAt index makes this one index entry on MongoDB.
    const first = await this.appeals.findOne({}, { receivedAt: 1 }).sort({ receivedAt: 1 }).lean<{ receivedAt: Date }>();
    return first?.receivedAt;
  }
}

/** Checks a projected document and narrows it; a damaged record is named by its number, never by its content. */
export function fromProjectedDocument(doc: ProjectedDocument): StatsAppeal {
  const appealId = typeof doc["_id"] === "string" ? doc["_id"] : String(doc["_id"]);
  const malformed = (field: string): AppError =>
    new AppError("STATS_APPEAL_MALFORMED", `Appeal ${appealId} has no valid '${field}'; fix the record to include it in the figures.`, { appealId, field });
  const text = (field: string): string => {
    const value = doc[field];
    if (typeof value !== "string" || value === "") throw malformed(field);
    return value;
  };
  const date = (field: string): LocalDate => {
    const value = parseLocalDate(text(field));
    if (value === undefined) throw malformed(field);
    return value;
  };
  const receivedAt = doc["receivedAt"];
  if (!(receivedAt instanceof Date)) throw malformed("receivedAt");
  const history = doc["history"] ?? [];
  if (!Array.isArray(history)) throw malformed("history");
  return {
    agencyId: text("agencyId"),
    categoryId: text("categoryId"),
    receivedAt,
    registeredOn: date("registeredOn"),
    deadline: date("deadline"),
    history: history.map((entry: unknown, index) => historyEntry(entry, () => malformed(`history.${index}`))),
  };
}

function historyEntry(raw: unknown, malformed: () => AppError): StatsHistoryEntry {
  if (typeof raw !== "object" || raw === null) throw malformed();
  const entry = raw as Readonly<Record<string, unknown>>;
  const event = entry["event"];
  const at = entry["at"];
  if (typeof event !== "string" || !isHistoryEvent(event) || !(at instanceof Date)) throw malformed();
  const deadline = typeof entry["deadline"] === "string" ? parseLocalDate(entry["deadline"]) : undefined;
  const fromAgencyId = entry["fromAgencyId"];
  const toAgencyId = entry["toAgencyId"];
  const score = entry["score"];
  return {
    event,
    at,
    ...(deadline !== undefined ? { deadline } : {}),
    ...(typeof fromAgencyId === "string" ? { fromAgencyId } : {}),
    ...(typeof toAgencyId === "string" ? { toAgencyId } : {}),
    ...(typeof score === "number" ? { score } : {}),
  };
}

function isHistoryEvent(value: string): value is HistoryEvent {
  return (historyEvents as readonly string[]).includes(value);
}
