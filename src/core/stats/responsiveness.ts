/**
 * Each agency's responsiveness (issue #7, item 3): how many appeals it received, how
 * many it answered on time or late, how many are overdue now, how many it forwarded
 * or rejected, the median working days to an answer and the citizens' rating. Pure:
 * appeals, the period, the working calendar and `now` go in, numbers come out.
 *
 * Definitions. From DOMAIN.md (the Administrative Procedural and Process Code as it
 * summarises it): the consideration term runs in working days from registration; an
 * appeal arriving on a day off is registered on the next working day; the forwarding
 * term is 3 working days from receipt; a receiving agency starts its own procedure,
 * so its own clock (as `decide` sets it); an open appeal past its deadline is overdue
 * and the law treats the silence as a refusal (Art. 91(2)). Everything else below is
 * our choice, marked "Choice:", so that a reader of a published figure can tell law
 * from convention.
 *
 * The cohort. Choice: a report covers the appeals *received* in the period (local
 * date of `receivedAt` in the calendar's time zone, both ends included) and says what
 * has become of them by `now`. History written after `now` is ignored, so a report
 * for a past `now` can be reproduced. An appeal received after `now` is not counted.
 *
 * Agency stages. An appeal's life is cut into stages, one per agency that held it:
 * the first agency from the registration date, then each receiving agency from the
 * registration date of the forward (`calendar.registrationDate(forward.at)`, as
 * `forwardingTerm` and `decide` count it). Every figure is counted on stages and
 * attributed to the stage's agency:
 * - `received`: stages started. From DOMAIN.md and the brief: a forward counts as a
 *   receipt for the receiving agency (`receivedByForward` counts those) and as
 *   `forwarded` for the sending one. So, summed over agencies, `received` exceeds the
 *   number of appeals by the number of forwards; `appeals` counts distinct appeals.
 * - `forwarded`: stages that ended by a forward; `forwardedLate`: of those, forwarded
 *   after the 3-working-day forwarding term (DOMAIN.md, "Forwarding").
 * - `answered` / `rejected`: stages that ended by an answer / by a rejection on a legal
 *   ground (leaving the appeal without consideration). Both end the stage.
 * - `answeredOnTime` / `answeredLate`: answers (the first one, as the status rules allow
 *   no second) whose local date is on or before / after the deadline in force just
 *   before the answer: the `deadline` the history entry before it keeps, so an
 *   extension granted before the answer counts. Choice: an answer on the deadline day
 *   itself is on time (the whole day is the agency's, as `overdueAt` says), and the
 *   time of the answer is when the official decided, not when the notice reached the
 *   citizen. Choice: a rejection is not an answer on the merits, so it is neither on
 *   time nor late and has no working days to answer: an agency that rejects everything
 *   must not read as answering 100 % on time (with nothing answered the published
 *   `onTimePercent` is null). `answeredOnTime + answeredLate = answered`.
 * - `withdrawn`: stages ended by the citizen withdrawing; not timed.
 * - `open`: stages still open at `now` (registered, forwarded to it, in progress,
 *   awaiting the citizen, extended); `overdueNow`: of those, the ones whose deadline in
 *   force is before the local date of `now` (the rule of `isOverdue`; awaiting the
 *   citizen does not stop the clock, as there). Per row:
 *   `received = forwarded + answered + rejected + withdrawn + open`.
 * - `medianWorkingDaysToAnswer`: median, over answers, of the working days
 *   after the stage's start up to and including the answer's local date
 *   (`workingDaysBetween`), so an answer on the registration day is 0. Choice: an
 *   answer made before the clock started (on the weekend before a Monday
 *   registration) counts 0, and a receiving agency is timed from its own receipt, not
 *   from the citizen's first registration. An even count gives the mean of the two middle values.
 * - `ratingCount` / `ratingAverage`: the citizen's last rating (1 to 5) given by `now`,
 *   attributed to the stage that decided (the rating is of that agency's answer).
 *   Choice: the average is exact here; reports round it.
 *
 * Rows. Choice: figures are given per agency × category (the cells), per agency, per
 * category and in total. Counts add up from cells to rows to the total (except
 * `appeals`, which counts distinct appeals at each level); medians and averages are
 * computed at each level from the underlying values, never averaged from cells.
 */
import { type LocalDate, compareLocalDates, localDateOf } from "../calendar/local-date.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import { forwardingTermWorkingDays } from "../deadlines/forwarding-term.js";
import { type StatsPeriod, isInPeriod } from "./period.js";
import type { StatsAppeal } from "./stats-appeal.js";

/** The figures of one row. See the module comment for each definition. */
export type ResponsivenessFigures = Readonly<{
  /** Distinct appeals with at least one stage in this row. */
  appeals: number;
  received: number;
  receivedByForward: number;
  forwarded: number;
  forwardedLate: number;
  answered: number;
  rejected: number;
  withdrawn: number;
  answeredOnTime: number;
  answeredLate: number;
  open: number;
  overdueNow: number;
  /** Null when nothing was answered. */
  medianWorkingDaysToAnswer: number | null;
  ratingCount: number;
  /** Exact mean of the ratings; null when there are none. */
  ratingAverage: number | null;
}>;

export type AgencyFigures = Readonly<{ agencyId: string; figures: ResponsivenessFigures }>;
export type CategoryFigures = Readonly<{ categoryId: string; figures: ResponsivenessFigures }>;
export type AgencyCategoryFigures = Readonly<{ agencyId: string; categoryId: string; figures: ResponsivenessFigures }>;

/** The figures of a period, rows sorted by id. */
export type ResponsivenessResult = Readonly<{
  period: StatsPeriod;
  timeZone: string;
  /** The `now` the figures were computed at. */
  asOf: Date;
  /** The one agency the figures were restricted to, or null for all. */
  agencyId: string | null;
  total: ResponsivenessFigures;
  byAgency: readonly AgencyFigures[];
  byCategory: readonly CategoryFigures[];
  byAgencyCategory: readonly AgencyCategoryFigures[];
}>;

export type ResponsivenessOptions = Readonly<{
  period: StatsPeriod;
  calendar: WorkingCalendar;
  now: Date;
  /**
   * Count only the stages this agency held (a supervisor's view of their own
   * agency). The total and the category rows then describe this agency alone, and its
   * row is present even when it received nothing.
   */
  agencyId?: string | undefined;
}>;

/** How a stage ended, as of `now`. */
export type StageOutcome =
  | Readonly<{ kind: "open"; overdueNow: boolean }>
  | Readonly<{ kind: "forwarded"; late: boolean }>
  | Readonly<{ kind: "answered"; onTime: boolean; workingDays: number }>
  | Readonly<{ kind: "rejected" }>
  | Readonly<{ kind: "withdrawn" }>;

/** One agency's part of an appeal's life. */
export type AgencyStage = Readonly<{
  agencyId: string;
  /** True when the agency received the appeal by a forward. */
  byForward: boolean;
  /** The day the agency's clocks start from: its registration date. */
  start: LocalDate;
  outcome: StageOutcome;
  /** The citizen's rating of this stage's decision, if any. */
  rating?: number;
}>;

/**
 * Cuts an appeal into its agency stages as of `now` (history after `now` ignored).
 * Exported so that a per-appeal explanation (and a test) can show how an appeal was counted.
 */
export function agencyStages(appeal: StatsAppeal, calendar: WorkingCalendar, now: Date): AgencyStage[] {
  const timeZone = calendar.timeZone;
  const entries = appeal.history.filter((entry) => entry.at.getTime() <= now.getTime());
  // After a forward `agencyId` names the receiving agency; the first agency is the sender of the first forward.
  const firstForward = appeal.history.find((entry) => entry.event === "forwarded");
  let current = { agencyId: firstForward?.fromAgencyId ?? appeal.agencyId, byForward: false, start: appeal.registeredOn };
  let deadlineInForce: LocalDate | undefined;
  const stages: AgencyStage[] = [];
  let finished = false;
  let decidedIndex: number | undefined;
  let rating: number | undefined;

  for (const entry of entries) {
    const deadlineBefore = deadlineInForce;
    // Every entry keeps the deadline in force after it (see `decide`).
    if (entry.deadline !== undefined) deadlineInForce = entry.deadline;
    if (entry.event === "rated") {
      if (entry.score !== undefined && Number.isInteger(entry.score) && entry.score >= 1 && entry.score <= 5) rating = entry.score;
      continue;
    }
    if (finished) continue;
    switch (entry.event) {
      case "forwarded": {
        const lastDay = calendar.addWorkingDays(current.start, forwardingTermWorkingDays);
        stages.push({ ...current, outcome: { kind: "forwarded", late: compareLocalDates(localDateOf(entry.at, timeZone), lastDay) > 0 } });
        // `decide` always writes `toAgencyId`; the fallback only keeps a damaged record countable.
        current = { agencyId: entry.toAgencyId ?? appeal.agencyId, byForward: true, start: calendar.registrationDate(entry.at) };
        break;
      }
      case "answered": {
        const decidedOn = localDateOf(entry.at, timeZone);
        const deadline = deadlineBefore ?? entry.deadline ?? appeal.deadline;
        const workingDays = Math.max(0, calendar.workingDaysBetween(current.start, decidedOn));
        decidedIndex = stages.length;
        stages.push({ ...current, outcome: { kind: "answered", onTime: compareLocalDates(decidedOn, deadline) <= 0, workingDays } });
        finished = true;
        break;
      }
      case "rejected":
        decidedIndex = stages.length;
        stages.push({ ...current, outcome: { kind: "rejected" } });
        finished = true;
        break;
      case "withdrawn":
        stages.push({ ...current, outcome: { kind: "withdrawn" } });
        finished = true;
        break;
      default:
        break;
    }
  }
  if (!finished) {
    const deadline = deadlineInForce ?? appeal.deadline;
    stages.push({ ...current, outcome: { kind: "open", overdueNow: compareLocalDates(localDateOf(now, timeZone), deadline) > 0 } });
  }
  const decided = decidedIndex === undefined ? undefined : stages[decidedIndex];
  if (decided !== undefined && decidedIndex !== undefined && rating !== undefined) stages[decidedIndex] = { ...decided, rating };
  return stages;
}

/**
 * Adds appeals one at a time, so a store can stream a large period through it: the
 * memory it keeps is one accumulator per agency × category, with the working days to
 * answer kept as a histogram (they are whole numbers), never the appeals themselves.
 */
export class ResponsivenessTally {
  private readonly cells = new Map<string, Map<string, Accumulator>>();
  private readonly agencies = new Map<string, Accumulator>();
  private readonly categories = new Map<string, Accumulator>();
  private readonly total = new Accumulator();

  constructor(private readonly options: ResponsivenessOptions) {
    if (options.agencyId !== undefined) this.agencies.set(options.agencyId, new Accumulator());
  }

  /**
   * Counts `appeal` if it was received in the period and by `now`; returns whether
   * it did. A store may hand over a superset of the period (e.g. with bounds in UTC):
   * the local date is checked here.
   */
  add(appeal: StatsAppeal): boolean {
    const { calendar, now, period, agencyId } = this.options;
    if (appeal.receivedAt.getTime() > now.getTime()) return false;
    if (!isInPeriod(localDateOf(appeal.receivedAt, calendar.timeZone), period)) return false;
    const stages = agencyStages(appeal, calendar, now).filter((stage) => agencyId === undefined || stage.agencyId === agencyId);
    if (stages.length === 0) return false;
    const touched = new Set<Accumulator>();
    for (const stage of stages) {
      const row = [this.cell(stage.agencyId, appeal.categoryId), this.row(this.agencies, stage.agencyId), this.row(this.categories, appeal.categoryId), this.total];
      for (const accumulator of row) {
        accumulator.addStage(stage);
        touched.add(accumulator);
      }
    }
    for (const accumulator of touched) accumulator.appeals += 1;
    return true;
  }

  /** The figures of everything added so far. */
  result(): ResponsivenessResult {
    const { period, calendar, now, agencyId } = this.options;
    const byAgencyCategory: AgencyCategoryFigures[] = [];
    for (const [cellAgency, byCategory] of sortedEntries(this.cells)) {
      for (const [categoryId, accumulator] of sortedEntries(byCategory)) {
        byAgencyCategory.push({ agencyId: cellAgency, categoryId, figures: accumulator.figures() });
      }
    }
    return {
      period,
      timeZone: calendar.timeZone,
      asOf: now,
      agencyId: agencyId ?? null,
      total: this.total.figures(),
      byAgency: sortedEntries(this.agencies).map(([id, accumulator]) => ({ agencyId: id, figures: accumulator.figures() })),
      byCategory: sortedEntries(this.categories).map(([id, accumulator]) => ({ categoryId: id, figures: accumulator.figures() })),
      byAgencyCategory,
    };
  }

  private cell(agencyId: string, categoryId: string): Accumulator {
    let byCategory = this.cells.get(agencyId);
    if (byCategory === undefined) {
      byCategory = new Map();
      this.cells.set(agencyId, byCategory);
    }
    return this.row(byCategory, categoryId);
  }

  private row(map: Map<string, Accumulator>, id: string): Accumulator {
    let accumulator = map.get(id);
    if (accumulator === undefined) {
      accumulator = new Accumulator();
      map.set(id, accumulator);
    }
    return accumulator;
  }
}

/** The figures of `appeals` (an array or any iterable) for the period, as of `now`. */
export function computeResponsiveness(appeals: Iterable<StatsAppeal>, options: ResponsivenessOptions): ResponsivenessResult {
  const tally = new ResponsivenessTally(options);
  for (const appeal of appeals) tally.add(appeal);
  return tally.result();
}

/** The same for a stream (a store's cursor): one appeal in memory at a time. */
export async function computeResponsivenessFromStream(
  appeals: AsyncIterable<StatsAppeal>,
  options: ResponsivenessOptions,
): Promise<ResponsivenessResult> {
  const tally = new ResponsivenessTally(options);
  for await (const appeal of appeals) tally.add(appeal);
  return tally.result();
}

/**
 * The median of values kept as a histogram (value → how many times), or null when
 * empty. With an even count, the mean of the two middle values.
 */
export function medianOfHistogram(histogram: ReadonlyMap<number, number>): number | null {
  let count = 0;
  for (const times of histogram.values()) count += times;
  if (count === 0) return null;
  const lowRank = Math.floor((count - 1) / 2);
  const highRank = Math.floor(count / 2);
  let low: number | undefined;
  let seen = 0;
  for (const [value, times] of [...histogram].sort((a, b) => a[0] - b[0])) {
    if (low === undefined && lowRank < seen + times) low = value;
    if (highRank < seen + times) return ((low ?? value) + value) / 2;
    seen += times;
  }
  return null; // unreachable: highRank < count
}

/** The running counts of one row. */
class Accumulator {
  appeals = 0;
  private received = 0;
  private receivedByForward = 0;
  private forwarded = 0;
  private forwardedLate = 0;
  private answered = 0;
  private rejected = 0;
  private withdrawn = 0;
  private answeredOnTime = 0;
  private answeredLate = 0;
  private open = 0;
  private overdueNow = 0;
  private readonly workingDays = new Map<number, number>();
  private ratingSum = 0;
  private ratingCount = 0;

  addStage(stage: AgencyStage): void {
    this.received += 1;
    if (stage.byForward) this.receivedByForward += 1;
    const outcome = stage.outcome;
    switch (outcome.kind) {
      case "open":
        this.open += 1;
        if (outcome.overdueNow) this.overdueNow += 1;
        break;
      case "forwarded":
        this.forwarded += 1;
        if (outcome.late) this.forwardedLate += 1;
        break;
      case "withdrawn":
        this.withdrawn += 1;
        break;
      case "rejected":
        this.rejected += 1;
        break;
      case "answered":
        this.answered += 1;
        if (outcome.onTime) this.answeredOnTime += 1;
        else this.answeredLate += 1;
        this.workingDays.set(outcome.workingDays, (this.workingDays.get(outcome.workingDays) ?? 0) + 1);
        break;
    }
    if (stage.rating !== undefined) {
      this.ratingSum += stage.rating;
      this.ratingCount += 1;
    }
  }

  figures(): ResponsivenessFigures {
    return {
      appeals: this.appeals,
      received: this.received,
      receivedByForward: this.receivedByForward,
      forwarded: this.forwarded,
      forwardedLate: this.forwardedLate,
      answered: this.answered,
      rejected: this.rejected,
      withdrawn: this.withdrawn,
      answeredOnTime: this.answeredOnTime,
      answeredLate: this.answeredLate,
      open: this.open,
      overdueNow: this.overdueNow,
      medianWorkingDaysToAnswer: medianOfHistogram(this.workingDays),
      ratingCount: this.ratingCount,
      ratingAverage: this.ratingCount === 0 ? null : this.ratingSum / this.ratingCount,
    };
  }
}

/** Map entries sorted by key, so every output is in a stable order. */
function sortedEntries<V>(map: ReadonlyMap<string, V>): [string, V][] {
  return [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
