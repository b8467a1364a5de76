// Benchmark of the appeal store as the product uses it: registering appeals (claim, number, insert),
// reading one by number, and a guarded decision with its outbox entry, at a realistic table size.
// Run by `npm run bench` (bench/run.ts). Optional: BENCH_APPEALS (default 2000).
import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { decideOnAppeal } from "../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../src/core/use-cases/submit-appeal.js";
import { openMongoStore } from "../src/store/mongo-store.js";
import { seedReferenceData } from "../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "../test/support/fixtures.js";

const appeals = Number(process.env["BENCH_APPEALS"] ?? 2_000);
const receivedAt = new Date("2026-11-27T10:00:00+05:00");

/** Registers `BENCH_APPEALS` appeals 20 at a time, then times reads and decisions. */
export async function benchAppealStore(uri: string): Promise<Record<string, unknown>> {
  const connection = await mongoose.createConnection(uri, { dbName: `bench_store_${process.pid}`, autoIndex: false, maxPoolSize: 20 }).asPromise();
  try {
    const store = await openMongoStore(connection);
    await seedReferenceData(connection, await shippedReferenceData());
    const calendar = await shippedCalendar();
    const deps = { appeals: store.appeals, directory: store.directory, calendar, officials: store.officials, onRefused: () => undefined };
    await store.officials.put({ id: "bench:1", agencyId: "akimat_almaty_city", role: "official", language: "kk", displayName: "Bench", active: true, createdAt: receivedAt });

    const ids: string[] = [];
    const submitStart = performance.now();
    for (let from = 0; from < appeals; from += 20) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(20, appeals - from) }, (_, i) =>
          submitAppeal(deps, { draft: draft(), submissionKey: `bench:${from + i}`, citizenId: `bench:${(from + i) % 300}`, receivedAt }),
        ),
      );
      for (const result of batch) if (result.ok) ids.push(result.appeal.id);
    }
    const submitMs = performance.now() - submitStart;

    const sample = ids.filter((_, i) => i % Math.max(1, Math.floor(ids.length / 200)) === 0);
    const getStart = performance.now();
    for (const id of sample) await store.appeals.get(id);
    const getMs = (performance.now() - getStart) / sample.length;

    const actor = { type: "official", officialId: "bench:1", agencyId: "akimat_almaty_city" } as const;
    const decideStart = performance.now();
    for (const id of sample) await decideOnAppeal(deps, id, { type: "take" }, actor, receivedAt);
    const decideMs = (performance.now() - decideStart) / sample.length;

    return {
      appeals: ids.length,
      submitPerSecond: Math.round((ids.length / submitMs) * 1000),
      getByNumberMs: round(getMs),
      takeDecisionMs: round(decideMs),
      sampled: sample.length,
    };
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}

const round = (x: number) => Math.round(x * 100) / 100;
