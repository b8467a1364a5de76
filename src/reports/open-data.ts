/**
 * Open data (issue #7, item 4): the responsiveness figures in a form an agency can
 * publish as JSON. Per agency only, rounded, and with no personal data and no
 * officials (the figures never had either; see `StatsAppeal`).
 *
 * Schema `estu.open-data.responsiveness/1` (all counts are whole numbers ≥ 0):
 *
 * ```jsonc
 * {
 *   "schema": "estu.open-data.responsiveness/1",
 *   "period": { "from": "2026-03-01", "to": "2026-03-31" }, // receipt dates, both included
 *   "timeZone": "Asia/Almaty",              // zone of those dates and of "overdue"
 *   "generatedAt": "2026-04-15T05:00:00.000Z", // the moment the figures describe
 *   "agencies": [{
 *     "id": "akimat_almaty_city",           // stable id from data/agencies.yaml
 *     "name": { "kk": "…", "ru": "…" },     // null if the id left the reference data
 *     "received": 12,                       // appeals it received in the period (incl. by forward)
 *     "receivedByForward": 2,               // of those, forwarded to it by another agency
 *     "forwarded": 1,                       // it sent on to another agency
 *     "answered": 7,                        // it answered
 *     "rejected": 1,                        // it refused to consider on a legal ground
 *     "answeredOnTime": 6,                  // answers on or before the deadline in force (rejections are not timed)
 *     "answeredLate": 1,                    // answers after it
 *     "onTimePercent": 86,                  // round(100 × onTime / answered); null when nothing was answered
 *     "withdrawn": 0,                       // withdrawn by the citizen
 *     "open": 3,                            // still open now
 *     "overdueNow": 1,                      // open and past the deadline now
 *     "medianWorkingDaysToAnswer": 9.5,     // working days from its receipt to its answer, 1 decimal; null if none
 *     "ratingCount": 6,                     // citizens' ratings of its decisions (answers and rejections)
 *     "ratingAverage": 4.2                  // 1 to 5, 1 decimal; null under `minRatings` ratings
 *   }],
 *   "minRatings": 5
 * }
 * ```
 *
 * Definitions are those of `src/core/stats/responsiveness.ts` (the module comment).
 * Choice: an average of fewer than `minRatings` ratings is withheld, because one or two
 * scores say little and a single score would let anyone who knows the citizen read it.
 */
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { ResponsivenessResult } from "../core/stats/responsiveness.js";
import { buildResponsivenessReport, type NamedRef } from "./responsiveness-report.js";

export const openDataSchema = "estu.open-data.responsiveness/1";

/** Ratings an agency needs before its average is published (see the module comment). */
export const defaultMinRatings = 5;

/** One agency's published figures. */
export type OpenDataAgency = Readonly<{
  id: string;
  name: NamedRef["name"];
  received: number;
  receivedByForward: number;
  forwarded: number;
  answered: number;
  rejected: number;
  answeredOnTime: number;
  answeredLate: number;
  onTimePercent: number | null;
  withdrawn: number;
  open: number;
  overdueNow: number;
  medianWorkingDaysToAnswer: number | null;
  ratingCount: number;
  ratingAverage: number | null;
}>;

/** The published document; see the module comment for every field. */
export type OpenDataDocument = Readonly<{
  schema: typeof openDataSchema;
  period: Readonly<{ from: string; to: string }>;
  timeZone: string;
  generatedAt: string;
  agencies: readonly OpenDataAgency[];
  minRatings: number;
}>;

export type OpenDataOptions = Readonly<{
  /** Publish only this agency (an agency publishing its own figures); its row is present even when empty. */
  agencyId?: string | undefined;
  /** Defaults to {@link defaultMinRatings}. */
  minRatings?: number | undefined;
}>;

/** The open-data document of computed figures. */
export function buildOpenData(result: ResponsivenessResult, names: Pick<ReferenceData, "agencies" | "categories">, options: OpenDataOptions = {}): OpenDataDocument {
  const minRatings = options.minRatings ?? defaultMinRatings;
  const report = buildResponsivenessReport(result, names);
  const rows = report.agencies.filter((row) => options.agencyId === undefined || row.agency.id === options.agencyId);
  // The report rounds averages to 2 decimals; round the exact value once, not twice.
  const exactAverage = new Map(result.byAgency.map((row) => [row.agencyId, row.figures.ratingAverage]));
  const agencies: OpenDataAgency[] = rows.map(({ agency, figures }) => {
    const timed = figures.answeredOnTime + figures.answeredLate;
    return {
      id: agency.id,
      name: agency.name,
      received: figures.received,
      receivedByForward: figures.receivedByForward,
      forwarded: figures.forwarded,
      answered: figures.answered,
      rejected: figures.rejected,
      answeredOnTime: figures.answeredOnTime,
      answeredLate: figures.answeredLate,
      onTimePercent: timed === 0 ? null : Math.round((100 * figures.answeredOnTime) / timed),
      withdrawn: figures.withdrawn,
      open: figures.open,
      overdueNow: figures.overdueNow,
      medianWorkingDaysToAnswer: figures.medianWorkingDaysToAnswer === null ? null : oneDecimal(figures.medianWorkingDaysToAnswer),
      ratingCount: figures.ratingCount,
      ratingAverage: average(exactAverage.get(agency.id) ?? null, figures.ratingCount, minRatings),
    };
  });
  if (options.agencyId !== undefined && agencies.length === 0) agencies.push(emptyAgency(options.agencyId, names));
  return { schema: openDataSchema, period: report.period, timeZone: report.timeZone, generatedAt: report.generatedAt, agencies, minRatings };
}

/** The JSON text to serve (`application/json; charset=utf-8`). */
export function openDataJson(document: OpenDataDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

function emptyAgency(id: string, names: Pick<ReferenceData, "agencies">): OpenDataAgency {
  const name = names.agencies.find((agency) => agency.id === id)?.name ?? null;
  return {
    id,
    name,
    received: 0,
    receivedByForward: 0,
    forwarded: 0,
    answered: 0,
    rejected: 0,
    answeredOnTime: 0,
    answeredLate: 0,
    onTimePercent: null,
    withdrawn: 0,
    open: 0,
    overdueNow: 0,
    medianWorkingDaysToAnswer: null,
    ratingCount: 0,
    ratingAverage: null,
  };
}

function average(exact: number | null, count: number, minRatings: number): number | null {
  return exact === null || count < minRatings ? null : oneDecimal(exact);
}

function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
