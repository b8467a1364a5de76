// The open-data route on the real MongoDB-wire server: which months it accepts, and that
// it computes one month at a time however many requests arrive together.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AppealStatsQuery, AppealStatsSource } from "../../src/core/ports/appeal-stats.js";
import type { StatsAppeal } from "../../src/core/stats/stats-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { createLogger } from "../../src/logger.js";
import { openDataRoute } from "../../src/runtime/open-data-route.js";
import { MongoAppealStats } from "../../src/store/mongo-appeal-stats.js";
import { openMongoStore } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const now = new Date("2026-12-03T10:00:00+05:00");
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let route: ReturnType<typeof openDataRoute>;
let running = 0;
let mostAtOnce = 0;
let computations = 0;

/** The store's figures, counting how many computations read at the same time. */
class WatchedStats implements AppealStatsSource {
  constructor(private readonly inner: MongoAppealStats) {}
  async *appealsReceived(query: AppealStatsQuery): AsyncGenerator<StatsAppeal> {
    running += 1;
    computations += 1;
    mostAtOnce = Math.max(mostAtOnce, running);
    try {
      // Long enough for every request below to be waiting meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 30));
      yield* this.inner.appealsReceived(query);
    } finally {
      running -= 1;
    }
  }
  firstReceivedAt() {
    return this.inner.firstReceivedAt();
  }
}

async function get(path: string): Promise<{ status: number; body: string }> {
  let status = 0;
  let body = "";
  const response = {
    writeHead(code: number) {
      status = code;
      return response;
    },
    end(chunk?: string) {
      body = chunk ?? "";
      return response;
    },
  };
  await route({ method: "GET", url: path } as IncomingMessage, response as unknown as ServerResponse);
  return { status, body };
}

beforeAll(async () => {
  database = await openTestDatabase("open_data");
  const store = await openMongoStore(database.connection);
  const [calendar, reference] = await Promise.all([shippedCalendar(), shippedReferenceData()]);
  await seedReferenceData(database.connection, reference);
  for (const [index, receivedAt] of [new Date("2026-10-14T10:00:00+05:00"), new Date("2026-11-20T10:00:00+05:00")].entries()) {
    const result = await submitAppeal({ appeals: store.appeals, directory: store.directory, calendar }, { draft: draft(), submissionKey: `telegram:5:${index}`, citizenId: "telegram:5", receivedAt });
    expect(result.ok).toBe(true);
  }
  route = openDataRoute({ stats: new WatchedStats(new MongoAppealStats(database.connection)), calendar, reference, now: () => now }, createLogger("silent"));
});
afterAll(() => database.drop());

describe("open data", () => {
  it("accepts only months from the first appeal's to this one", async () => {
    expect((await get("/open-data/responsiveness.json?month=2026-09")).status).toBe(400);
    expect((await get("/open-data/responsiveness.json?month=1970-01")).body).toBe("month must be from 2026-10, the month of the first appeal, to 2026-12\n");
    expect((await get("/open-data/responsiveness.json?month=2027-01")).status).toBe(400);
    expect((await get("/open-data/responsiveness.json?month=2026-10")).status).toBe(200);
    expect((await get("/open-data/responsiveness.json")).status).toBe(200);
  });

  it("computes one query at a time, and a query asked twice at once once", async () => {
    mostAtOnce = 0;
    computations = 0;
    const agencies = ["akimat_almaty_city", "akimat_astana_city", "akimat_shymkent_city"];
    const paths = agencies.flatMap((agency) => [`/open-data/responsiveness.json?month=2026-11&agency=${agency}`, `/open-data/responsiveness.json?month=2026-11&agency=${agency}`]);
    const results = await Promise.all(paths.map(get));
    expect(results.map((result) => result.status)).toEqual(paths.map(() => 200));
    expect(mostAtOnce).toBe(1);
    expect(computations).toBe(3);
  });

  it("reads appeals by an index on receivedAt", async () => {
    const indexes = await database.connection.collection("appeals").indexes();
    expect(indexes.some((index) => JSON.stringify(index.key) === JSON.stringify({ receivedAt: 1 }))).toBe(true);
  });
});
