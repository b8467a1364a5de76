/**
 * The responsiveness figures as documents for people outside Estu: JSON (for the
 * admin bot's `/stats`, scripts and archives) and CSV (for a spreadsheet). Names of
 * agencies and categories come from the reference data in Kazakh and Russian, with
 * their ids.
 *
 * No personal data, ever: the figures are counts, medians and averages computed from
 * a projection that never fetched names, IINs, phones, addresses, texts, citizens'
 * ids or officials' ids (see `StatsAppeal`), so there is nothing to leave out and no
 * option to put anything in.
 */
import type { Bilingual, ReferenceData } from "../core/reference/reference-data.js";
import type { ResponsivenessFigures, ResponsivenessResult } from "../core/stats/responsiveness.js";

/** Identifies this document's shape; bump it when a field changes meaning. */
export const responsivenessReportSchema = "estu.responsiveness/1";

/** An agency or category: its id and its names, or null names for an id the reference data no longer has. */
export type NamedRef = Readonly<{ id: string; name: Bilingual | null }>;

/**
 * The figures of one row as published in a report: as computed, except
 * `ratingAverage`, rounded to 2 decimals. `medianWorkingDaysToAnswer` is exact (a
 * whole number or a half).
 */
export type ReportFigures = ResponsivenessFigures;

/** The JSON document. Rows follow the order of `data/agencies.yaml` and `data/categories.yaml`, unknown ids last. */
export type ResponsivenessReport = Readonly<{
  schema: typeof responsivenessReportSchema;
  period: Readonly<{ from: string; to: string }>;
  /** The zone in which receipt instants became dates and `overdueNow` was judged. */
  timeZone: string;
  /** ISO 8601 instant the figures describe (`now` of the computation). */
  generatedAt: string;
  /** The one agency the figures were restricted to, or null. */
  agencyId: string | null;
  total: ReportFigures;
  agencies: readonly Readonly<{ agency: NamedRef; figures: ReportFigures }>[];
  categories: readonly Readonly<{ category: NamedRef; figures: ReportFigures }>[];
  agencyCategories: readonly Readonly<{ agency: NamedRef; category: NamedRef; figures: ReportFigures }>[];
}>;

/** The reference data a report names things with. */
export type ReportNames = Pick<ReferenceData, "agencies" | "categories">;

/** Builds the JSON document from computed figures. */
export function buildResponsivenessReport(result: ResponsivenessResult, names: ReportNames): ResponsivenessReport {
  const agency = namer(names.agencies);
  const category = namer(names.categories);
  return {
    schema: responsivenessReportSchema,
    period: { from: result.period.from, to: result.period.to },
    timeZone: result.timeZone,
    generatedAt: result.asOf.toISOString(),
    agencyId: result.agencyId,
    total: rounded(result.total),
    agencies: sortBy(result.byAgency.map((row) => ({ agency: agency.ref(row.agencyId), figures: rounded(row.figures) })), (row) => [agency.rank(row.agency.id)]),
    categories: sortBy(result.byCategory.map((row) => ({ category: category.ref(row.categoryId), figures: rounded(row.figures) })), (row) => [category.rank(row.category.id)]),
    agencyCategories: sortBy(
      result.byAgencyCategory.map((row) => ({ agency: agency.ref(row.agencyId), category: category.ref(row.categoryId), figures: rounded(row.figures) })),
      (row) => [agency.rank(row.agency.id), category.rank(row.category.id)],
    ),
  };
}

/** The JSON text of a report (2-space indented, ending in a newline). */
export function responsivenessReportJson(report: ResponsivenessReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/**
 * CSV flavours. `rfc4180`: comma-separated, `.` as decimal mark, what RFC 4180 and
 * most tools expect. `excel-semicolon`: `;`-separated with `,` as decimal mark, what
 * Excel with Kazakh or Russian regional settings opens by double-click into columns
 * (its list separator there is `;`). Both: UTF-8 with a byte-order mark (without it
 * Excel reads UTF-8 as the ANSI code page and garbles Cyrillic), CRLF line ends, a header row.
 */
export type CsvDialect = "rfc4180" | "excel-semicolon";

/** The UTF-8 byte-order mark that starts every CSV export. */
export const utf8Bom = "\uFEFF";

/** The CSV columns, in order. */
export const responsivenessCsvColumns = [
  "level",
  "period_from",
  "period_to",
  "agency_id",
  "agency_name_kk",
  "agency_name_ru",
  "category_id",
  "category_name_kk",
  "category_name_ru",
  "appeals",
  "received",
  "received_by_forward",
  "forwarded",
  "forwarded_late",
  "answered",
  "rejected",
  "withdrawn",
  "answered_on_time",
  "answered_late",
  "open",
  "overdue_now",
  "median_working_days_to_answer",
  "rating_count",
  "rating_average",
] as const;

/**
 * The report as CSV: one header row, then one row per level so a spreadsheet filter on
 * `level` gives each view: `total` (one row), `agency` (per agency, all categories),
 * `category` (per category, all agencies) and `agency_category` (the cells). Choice:
 * all four levels in one file, because medians and averages cannot be recomputed from
 * the cells in a spreadsheet. Empty cells for nulls and for the columns a level has not.
 */
export function responsivenessCsv(report: ResponsivenessReport, options: Readonly<{ dialect?: CsvDialect }> = {}): string {
  const dialect = options.dialect ?? "rfc4180";
  const delimiter = dialect === "rfc4180" ? "," : ";";
  const number = (value: number | null): string => (value === null ? "" : dialect === "rfc4180" ? String(value) : String(value).replace(".", ","));
  const none: NamedRef | undefined = undefined;
  const row = (level: string, agency: NamedRef | undefined, category: NamedRef | undefined, figures: ReportFigures): string[] => [
    level,
    report.period.from,
    report.period.to,
    agency?.id ?? "",
    agency?.name?.kk ?? "",
    agency?.name?.ru ?? "",
    category?.id ?? "",
    category?.name?.kk ?? "",
    category?.name?.ru ?? "",
    ...[
      figures.appeals,
      figures.received,
      figures.receivedByForward,
      figures.forwarded,
      figures.forwardedLate,
      figures.answered,
      figures.rejected,
      figures.withdrawn,
      figures.answeredOnTime,
      figures.answeredLate,
      figures.open,
      figures.overdueNow,
      figures.medianWorkingDaysToAnswer,
      figures.ratingCount,
      figures.ratingAverage,
    ].map(number),
  ];
  const rows: string[][] = [
    [...responsivenessCsvColumns],
    row("total", none, none, report.total),
    ...report.agencies.map((entry) => row("agency", entry.agency, none, entry.figures)),
    ...report.categories.map((entry) => row("category", none, entry.category, entry.figures)),
    ...report.agencyCategories.map((entry) => row("agency_category", entry.agency, entry.category, entry.figures)),
  ];
  return utf8Bom + rows.map((fields) => csvRecord(fields, delimiter)).join("");
}

/** One CSV record ending in CRLF (RFC 4180, 2.1). */
export function csvRecord(fields: readonly string[], delimiter: "," | ";" = ","): string {
  return `${fields.map((field) => csvField(field, delimiter)).join(delimiter)}\r\n`;
}

/**
 * One field, RFC 4180 quoting: in double quotes when it holds the delimiter, a quote,
 * CR or LF, with each quote doubled. Also (OWASP "CSV injection") a text that a
 * spreadsheet would run as a formula, starting with `=`, `+`, `-`, `@`, tab or CR, gets
 * a leading apostrophe: names come from operator-edited files, and a spreadsheet must
 * show them, never evaluate them. Our numbers are never negative, so this never touches one.
 */
export function csvField(value: string, delimiter: "," | ";" = ","): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return safe.includes(delimiter) || /["\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** Rounds what a report shows rounded. */
function rounded(figures: ResponsivenessFigures): ReportFigures {
  return { ...figures, ratingAverage: figures.ratingAverage === null ? null : Math.round(figures.ratingAverage * 100) / 100 };
}

/** Names and file order of agencies or categories. */
function namer(entries: readonly Readonly<{ id: string; name: Bilingual }>[]) {
  const byId = new Map(entries.map((entry, index) => [entry.id, { name: entry.name, index }]));
  return {
    ref: (id: string): NamedRef => ({ id, name: byId.get(id)?.name ?? null }),
    /** Position in the data file; ids it lacks sort after, among themselves by id. */
    rank: (id: string): readonly [number, string] => [byId.get(id)?.index ?? Number.MAX_SAFE_INTEGER, id],
  };
}

function sortBy<T>(rows: T[], key: (row: T) => readonly (readonly [number, string])[]): T[] {
  const compare = (a: readonly (readonly [number, string])[], b: readonly (readonly [number, string])[]): number => {
    for (let i = 0; i < a.length; i += 1) {
      const [x, y] = [a[i], b[i]];
      if (x === undefined || y === undefined) break;
      if (x[0] !== y[0]) return x[0] - y[0];
      if (x[1] !== y[1]) return x[1] < y[1] ? -1 : 1;
    }
    return 0;
  };
  return rows.sort((a, b) => compare(key(a), key(b)));
}
