import { errorMessage } from "../adapters/describe-error.js";
import type { IncomingMessage, ServerResponse } from "node:http";
import { localDateOf } from "../core/calendar/local-date.js";
import { parseStatsPeriod } from "../core/stats/period.js";
import { responsivenessForPeriod } from "../core/stats/responsiveness-for-period.js";
import { buildOpenData, openDataJson } from "../reports/open-data.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import type { AppealStatsSource } from "../core/ports/appeal-stats.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Logger } from "../logger.js";

/** The public path of the open data. */
export const openDataPath = "/open-data/responsiveness.json";
/** Figures are recomputed at most this often per query: on the embedded database each computation scans the appeals. */
const cacheMs = 10 * 60_000;
/** Distinct queries kept; the oldest goes first, so arbitrary periods cannot fill the memory. */
const cacheEntries = 200;

/** What the open data is computed from; `now` for the tests. */
export type OpenDataDeps = Readonly<{ stats: AppealStatsSource; calendar: WorkingCalendar; reference: ReferenceData; now?: () => Date }>;

/**
 * `GET /open-data/responsiveness.json?month=YYYY-MM[&agency=<id>]`: each agency's
 * responsiveness for the appeals received in one calendar month (this month by default),
 * without personal data, for an agency to publish. One month at a time, never arbitrary
 * periods: figures of overlapping periods could be subtracted to reveal one citizen's
 * rating, so ratings are published only for a completed month (and from 5 ratings up).
 * Each computation reads a month of appeals, so only months from the first appeal's to
 * this one are accepted, and one computation runs at a time (single flight): a crawler
 * asking for every month x agency waits in line instead of loading the database.
 */
export function openDataRoute(deps: OpenDataDeps, log: Logger): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const { stats, calendar, reference } = deps;
  const now = deps.now ?? (() => new Date());
  // Concurrent requests for the same figures share one computation.
  const cache = new Map<string, { at: number; body: Promise<string> }>();
  let lastComputation: Promise<unknown> = Promise.resolve();
  // Appeals are never deleted, so the first month, once known, stays.
  let firstMonth: string | undefined;
  const earliestMonth = async (): Promise<string | undefined> => {
    if (firstMonth) return firstMonth;
    const first = await stats.firstReceivedAt();
    firstMonth = first && localDateOf(first, calendar.timeZone).slice(0, 7);
    return firstMonth;
  };
  return async (request, response) => {
    const url = new URL(request.url ?? "/", "http://estu");
    const at = now();
    const thisMonth = localDateOf(at, calendar.timeZone).slice(0, 7);
    const month = url.searchParams.get("month") ?? thisMonth;
    const complete = month < thisMonth;
    const agencyId = url.searchParams.get("agency") ?? undefined;
    if (request.method !== "GET") return void response.writeHead(405, { allow: "GET" }).end();
    const text = { "content-type": "text/plain; charset=utf-8" };
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month) || month > thisMonth) return void response.writeHead(400, text).end("month must be YYYY-MM, not in the future\n");
    if (agencyId && !reference.agencies.some((agency) => agency.id === agencyId)) return void response.writeHead(404, text).end("unknown agency\n");
    let earliest: string | undefined;
    try {
      earliest = await earliestMonth();
    } catch (error) {
      log.warn({ problem: errorMessage(error) }, "open data could not be computed");
      return void response.writeHead(503, text).end("figures unavailable, try again later\n");
    }
    const first = earliest ?? thisMonth;
    if (month < first) return void response.writeHead(400, text).end(`month must be from ${first}, the month of the first appeal, to ${thisMonth}\n`);
    const period = parseStatsPeriod(`${month}-01`, lastDayOf(month));
    if (!period.ok) return void response.writeHead(400, text).end("month must be YYYY-MM, not in the future\n");
    const key = `${month}|${agencyId ?? ""}`;
    let cached = cache.get(key);
    if (!cached || at.getTime() - cached.at > cacheMs) {
      const compute = () =>
        responsivenessForPeriod({ stats, calendar }, { period: period.period, now: at, agencyId }).then((result) =>
          openDataJson(buildOpenData(result, reference, { agencyId, ...(complete ? {} : { minRatings: Number.MAX_SAFE_INTEGER }) })),
        );
      const body = lastComputation.then(compute, compute);
      lastComputation = body.catch(() => undefined);
      cached = { at: at.getTime(), body };
      cache.delete(key);
      cache.set(key, cached);
      if (cache.size > cacheEntries) cache.delete(cache.keys().next().value ?? key);
    }
    try {
      const body = await cached.body;
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": `public, max-age=${cacheMs / 1_000}`, "access-control-allow-origin": "*" }).end(body);
    } catch (error) {
      cache.delete(key);
      log.warn({ problem: errorMessage(error) }, "open data could not be computed");
      response.writeHead(503, { "content-type": "text/plain; charset=utf-8" }).end("figures unavailable, try again later\n");
    }
  };
}

/** The last day of a `YYYY-MM` month. */
function lastDayOf(month: string): string {
  const [year = 0, monthNumber = 0] = month.split("-").map(Number);
  const day = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  return `${month}-${String(day).padStart(2, "0")}`;
}
