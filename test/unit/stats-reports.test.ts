// The responsiveness figures as JSON, CSV and open data: names in both languages,
// RFC 4180 quoting (quotes, delimiters and line breaks in names), the UTF-8 BOM for
// Excel, rounding, and nothing but figures in any export.
import { describe, expect, it } from "vitest";
import type { ReferenceData } from "../../src/core/reference/reference-data.js";
import type { ResponsivenessFigures, ResponsivenessResult } from "../../src/core/stats/responsiveness.js";
import { buildOpenData, openDataJson, openDataSchema } from "../../src/reports/open-data.js";
import {
  buildResponsivenessReport,
  csvField,
  responsivenessCsv,
  responsivenessCsvColumns,
  responsivenessReportJson,
  utf8Bom,
} from "../../src/reports/responsiveness-report.js";
import { shippedReferenceData } from "../support/fixtures.js";
import { noFigures } from "../support/figures.js";

const figures = (overrides: Partial<ResponsivenessFigures> = {}): ResponsivenessFigures => ({ ...noFigures, ...overrides });

const tricky = figures({ appeals: 3, received: 3, answered: 2, answeredOnTime: 1, answeredLate: 1, open: 1, overdueNow: 1, medianWorkingDaysToAnswer: 7.5, ratingCount: 3, ratingAverage: 13 / 3 });
const plain = figures({ appeals: 1, received: 1, forwarded: 1, forwardedLate: 1 });
const total = figures({ appeals: 4, received: 4, answered: 2, answeredOnTime: 1, answeredLate: 1, forwarded: 1, forwardedLate: 1, open: 1, overdueNow: 1, medianWorkingDaysToAnswer: 7.5, ratingCount: 3, ratingAverage: 13 / 3 });

/** Names an operator could type into data/*.yaml, and one the file order puts first. */
const names: Pick<ReferenceData, "agencies" | "categories"> = {
  agencies: [
    { id: "second", prefix: "SEC", name: { kk: "Екінші", ru: "Второй" }, parent: null },
    { id: "tricky", prefix: "TRK", name: { kk: 'Әкімдік "Жаңа", бөлім', ru: "Акимат;\r\nотдел =1+1" }, parent: null },
  ],
  categories: [{ id: "utilities", name: { kk: "Коммуналдық", ru: "ЖКХ, \"свет\"" }, term_working_days: 15, emergency: false }],
};

const result: ResponsivenessResult = {
  period: { from: "2026-03-01", to: "2026-03-31" },
  timeZone: "Asia/Almaty",
  asOf: new Date("2026-04-15T07:00:00Z"),
  agencyId: null,
  total,
  byAgency: [
    { agencyId: "gone_agency", figures: plain },
    { agencyId: "second", figures: plain },
    { agencyId: "tricky", figures: tricky },
  ],
  byCategory: [{ categoryId: "utilities", figures: total }],
  byAgencyCategory: [
    { agencyId: "second", categoryId: "utilities", figures: plain },
    { agencyId: "tricky", categoryId: "utilities", figures: tricky },
  ],
};

/** A strict RFC 4180 reader, to check that what we write reads back as written. */
function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"' && field === "") quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = "";
    } else if (char === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i += 1;
    } else if (char === "\r" || char === "\n" || char === '"') throw new Error(`bare ${JSON.stringify(char)} at ${i}`);
    else field += char;
  }
  if (field !== "" || record.length > 0) throw new Error("last record not ended by CRLF");
  return records;
}

/** Every key anywhere in a JSON value, as dotted paths without array indexes. */
function keyPaths(value: unknown, prefix = ""): Set<string> {
  const paths = new Set<string>();
  if (Array.isArray(value)) for (const item of value) for (const path of keyPaths(item, prefix)) paths.add(path);
  else if (typeof value === "object" && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      const path = prefix ? `${prefix}.${key}` : key;
      paths.add(path);
      for (const nested of keyPaths(inner, path)) paths.add(nested);
    }
  }
  return paths;
}

describe("the JSON report", () => {
  const report = buildResponsivenessReport(result, names);

  it("names agencies and categories in Kazakh and Russian, in the data files' order, unknown ids last with null names", () => {
    expect(report).toMatchObject({ schema: "estu.responsiveness/1", period: { from: "2026-03-01", to: "2026-03-31" }, timeZone: "Asia/Almaty", generatedAt: "2026-04-15T07:00:00.000Z", agencyId: null });
    expect(report.agencies.map((row) => row.agency)).toEqual([
      { id: "second", name: { kk: "Екінші", ru: "Второй" } },
      { id: "tricky", name: names.agencies[1]?.name },
      { id: "gone_agency", name: null },
    ]);
    expect(report.agencyCategories.map((row) => `${row.agency.id}/${row.category.id}`)).toEqual(["second/utilities", "tricky/utilities"]);
    expect(report.categories[0]?.category).toEqual({ id: "utilities", name: { kk: "Коммуналдық", ru: 'ЖКХ, "свет"' } });
  });

  it("rounds the average rating to 2 decimals and keeps exact counts and medians", () => {
    expect(report.agencies[1]?.figures).toEqual({ ...tricky, ratingAverage: 4.33 });
    expect(JSON.parse(responsivenessReportJson(report))).toEqual(report);
  });

  it("holds figures and names only", () => {
    const figureKeys = Object.keys(total);
    const allowed = new Set(["schema", "period", "period.from", "period.to", "timeZone", "generatedAt", "agencyId", "total", "agencies", "categories", "agencyCategories"]);
    for (const level of ["agencies", "categories", "agencyCategories"]) {
      allowed.add(`${level}.figures`);
      for (const ref of ["agency", "category"]) for (const key of ["", ".id", ".name", ".name.kk", ".name.ru"]) allowed.add(`${level}.${ref}${key}`);
      for (const key of figureKeys) allowed.add(`${level}.figures.${key}`);
    }
    for (const key of figureKeys) allowed.add(`total.${key}`);
    expect([...keyPaths(report)].filter((path) => !allowed.has(path))).toEqual([]);
  });

  it("names the shipped agencies and categories from the real reference data", async () => {
    const shipped = await shippedReferenceData();
    const real = buildResponsivenessReport({ ...result, byAgency: [{ agencyId: "akimat_almaty_city", figures: plain }], byCategory: [{ categoryId: "utilities", figures: plain }], byAgencyCategory: [] }, shipped);
    expect(real.agencies[0]?.agency.name).toEqual({ kk: "Алматы қаласының әкімдігі", ru: "Акимат города Алматы" });
    expect(real.categories[0]?.category.name?.ru).toBeTruthy();
  });
});

describe("the CSV export", () => {
  const report = buildResponsivenessReport(result, names);

  it("starts with a UTF-8 BOM, ends every record with CRLF and has the header row", () => {
    const csv = responsivenessCsv(report);
    expect(csv.startsWith(utf8Bom)).toBe(true);
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv.endsWith("\r\n")).toBe(true);
    const records = parseCsv(csv.slice(1), ",");
    expect(records[0]).toEqual([...responsivenessCsvColumns]);
    // total, 3 agencies, 1 category, 2 cells
    expect(records.slice(1).map((record) => record[0])).toEqual(["total", "agency", "agency", "agency", "category", "agency_category", "agency_category"]);
    expect(records.every((record) => record.length === responsivenessCsvColumns.length)).toBe(true);
  });

  it("quotes names with quotes, commas and line breaks, and reads back as written", () => {
    const csv = responsivenessCsv(report);
    expect(csv).toContain('"Әкімдік ""Жаңа"", бөлім"');
    expect(csv).toContain('"Акимат;\r\nотдел =1+1"');
    const records = parseCsv(csv.slice(1), ",");
    const header = records[0] ?? [];
    const column = (record: readonly string[], name: string) => record[header.indexOf(name)];
    const trickyRow = records.find((record) => record[0] === "agency" && column(record, "agency_id") === "tricky") ?? [];
    expect(column(trickyRow, "agency_name_kk")).toBe('Әкімдік "Жаңа", бөлім');
    expect(column(trickyRow, "agency_name_ru")).toBe("Акимат;\r\nотдел =1+1");
    expect(column(trickyRow, "median_working_days_to_answer")).toBe("7.5");
    expect(column(trickyRow, "rating_average")).toBe("4.33");
    expect(column(trickyRow, "category_id")).toBe("");
    const gone = records.find((record) => column(record, "agency_id") === "gone_agency") ?? [];
    expect([column(gone, "agency_name_kk"), column(gone, "rating_average"), column(gone, "forwarded_late")]).toEqual(["", "", "1"]);
    const totalRow = records[1] ?? [];
    expect([column(totalRow, "period_from"), column(totalRow, "period_to"), column(totalRow, "received")]).toEqual(["2026-03-01", "2026-03-31", "4"]);
  });

  it("has a semicolon dialect with decimal commas for Excel in Kazakh or Russian settings", () => {
    const csv = responsivenessCsv(report, { dialect: "excel-semicolon" });
    expect(csv.startsWith(utf8Bom)).toBe(true);
    const records = parseCsv(csv.slice(1), ";");
    const header = records[0] ?? [];
    const trickyRow = records.find((record) => record[0] === "agency" && record[header.indexOf("agency_id")] === "tricky") ?? [];
    expect(csvField("ЖКХ, свет", ";")).toBe("ЖКХ, свет"); // a comma needs no quotes here…
    expect(csv).toContain(';"Акимат;\r\nотдел =1+1";'); // …a semicolon does
    expect(trickyRow[header.indexOf("agency_name_kk")]).toBe('Әкімдік "Жаңа", бөлім');
    expect(["median_working_days_to_answer", "rating_count", "rating_average"].map((name) => trickyRow[header.indexOf(name)])).toEqual(["7,5", "3", "4,33"]);
  });

  it("quotes fields per RFC 4180 and keeps a spreadsheet from running a name as a formula", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("line\nbreak")).toBe('"line\nbreak"');
    expect(csvField("a;b")).toBe("a;b");
    expect(csvField("a;b", ";")).toBe('"a;b"');
    expect(csvField("=HYPERLINK(\"x\")")).toBe("\"'=HYPERLINK(\"\"x\"\")\"");
    expect(csvField("+7 701")).toBe("'+7 701");
    expect(csvField("@sum")).toBe("'@sum");
    expect(csvField("")).toBe("");
  });
});

describe("open data", () => {
  it("publishes per agency only, rounded, with no category rows", () => {
    const document = buildOpenData(result, names, { minRatings: 3 });
    expect(document).toMatchObject({ schema: openDataSchema, period: { from: "2026-03-01", to: "2026-03-31" }, timeZone: "Asia/Almaty", generatedAt: "2026-04-15T07:00:00.000Z", minRatings: 3 });
    expect(document.agencies.map((agency) => agency.id)).toEqual(["second", "tricky", "gone_agency"]);
    expect(document.agencies[1]).toEqual({
      id: "tricky",
      name: names.agencies[1]?.name,
      received: 3,
      receivedByForward: 0,
      forwarded: 0,
      answered: 2,
      rejected: 0,
      answeredOnTime: 1,
      answeredLate: 1,
      onTimePercent: 50,
      withdrawn: 0,
      open: 1,
      overdueNow: 1,
      medianWorkingDaysToAnswer: 7.5,
      ratingCount: 3,
      ratingAverage: 4.3,
    });
    expect(document.agencies[0]).toMatchObject({ onTimePercent: null, medianWorkingDaysToAnswer: null, ratingAverage: null });
    expect(JSON.parse(openDataJson(document))).toEqual(document);
  });

  it("withholds an average of fewer ratings than the minimum (5 by default)", () => {
    expect(buildOpenData(result, names).agencies[1]).toMatchObject({ ratingCount: 3, ratingAverage: null });
  });

  it("rounds percentages to whole numbers and the exact average once", () => {
    const thirds: ResponsivenessResult = { ...result, byAgency: [{ agencyId: "second", figures: figures({ answered: 3, answeredOnTime: 2, answeredLate: 1, ratingCount: 8, ratingAverage: 4.249 }) }] };
    expect(buildOpenData(thirds, names).agencies[0]).toMatchObject({ onTimePercent: 67, ratingAverage: 4.2 });
  });

  it("publishes one agency when asked, with a row of zeros if it had nothing", () => {
    expect(buildOpenData(result, names, { agencyId: "second" }).agencies.map((agency) => agency.id)).toEqual(["second"]);
    const none = buildOpenData({ ...result, byAgency: [] }, names, { agencyId: "second" });
    expect(none.agencies).toEqual([expect.objectContaining({ id: "second", name: { kk: "Екінші", ru: "Второй" }, received: 0, onTimePercent: null })]);
  });

  it("holds nothing but the documented fields", () => {
    const document = buildOpenData(result, names);
    const agencyKeys = ["id", "name", "name.kk", "name.ru", "received", "receivedByForward", "forwarded", "answered", "rejected", "answeredOnTime", "answeredLate", "onTimePercent", "withdrawn", "open", "overdueNow", "medianWorkingDaysToAnswer", "ratingCount", "ratingAverage"];
    const allowed = new Set(["schema", "period", "period.from", "period.to", "timeZone", "generatedAt", "minRatings", "agencies", ...agencyKeys.map((key) => `agencies.${key}`)]);
    expect([...keyPaths(document)].filter((path) => !allowed.has(path))).toEqual([]);
  });
});
