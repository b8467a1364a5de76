import type { IncomingMessage, ServerResponse } from "node:http";
import { localDateOf } from "../core/calendar/local-date.js";
import { parseStatsPeriod } from "../core/stats/period.js";
import { responsivenessForPeriod } from "../core/stats/responsiveness-for-period.js";
import { buildOpenData, openDataJson } from "../reports/open-data.js";
import { MongoAppealStats } from "../store/mongo-appeal-stats.js";
import type { Logger } from "../logger.js";
import type { Runtime } from "./boot.js";

/** The public path of the open data. */
export const openDataPath = "/open-data/responsiveness.json";
/** Figures are recomputed at most this often per query: on the embedded database each computation scans the appeals. */
const cacheMs = 10 * 60_000;
/** Distinct queries kept; the oldest goes first, so arbitrary periods cannot fill the memory. */
const cacheEntries = 200;

/**
 * `GET /open-data/responsiveness.json?month=YYYY-MM[&agency=<id>]`: each agency's
 * responsiveness for the appeals received in one calendar month (this month by default),
 * without personal data, for an agency to publish. One month at a time, never arbitrary
 * periods: figures of overlapping periods could be subtracted to reveal one citizen's
 * rating, so ratings are published only for a completed month (and from 5 ratings up).
 */
export function openDataRoute(runtime: Runtime, log: Logger): (request: IncomingMessage, response: ServerResponse) => Promise<void> {
  const stats = new MongoAppealStats(runtime.connection);
  // One computation per query at a time: concurrent requests for the same figures share it.
  const cache = new Map<string, { at: number; body: Promise<string> }>();
  return async (request, response) => {
    const url = new URL(request.url ?? "/", "http://estu");
    const today = localDateOf(new Date(), runtime.calendar.timeZone);
    const month = url.searchParams.get("month") ?? today.slice(0, 7);
    const complete = month < today.slice(0, 7);
    const period = /^\d{4}-(0[1-9]|1[0-2])$/.test(month) && month <= today.slice(0, 7) ? parseStatsPeriod(`${month}-01`, lastDayOf(month)) : ({ ok: false } as const);
    const agencyId = url.searchParams.get("agency") ?? undefined;
    if (request.method !== "GET") return void response.writeHead(405, { allow: "GET" }).end();
    if (!period.ok) return void response.writeHead(400, { "content-type": "text/plain; charset=utf-8" }).end("month must be YYYY-MM, not in the future\n");
    if (agencyId && !runtime.reference.agencies.some((agency) => agency.id === agencyId)) return void response.writeHead(404, { "content-type": "text/plain; charset=utf-8" }).end("unknown agency\n");
    const key = `${month}|${agencyId ?? ""}`;
    let cached = cache.get(key);
    if (!cached || Date.now() - cached.at > cacheMs) {
      const body = responsivenessForPeriod({ stats, calendar: runtime.calendar }, { period: period.period, now: new Date(), agencyId }).then((result) =>
        openDataJson(buildOpenData(result, runtime.reference, { agencyId, ...(complete ? {} : { minRatings: Number.MAX_SAFE_INTEGER }) })),
      );
      cached = { at: Date.now(), body };
      cache.delete(key);
      cache.set(key, cached);
      if (cache.size > cacheEntries) cache.delete(cache.keys().next().value ?? key);
    }
    try {
      const body = await cached.body;
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "cache-control": `public, max-age=${cacheMs / 1_000}`, "access-control-allow-origin": "*" }).end(body);
    } catch (error) {
      cache.delete(key);
      log.warn({ problem: error instanceof Error ? error.message : String(error) }, "open data could not be computed");
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
