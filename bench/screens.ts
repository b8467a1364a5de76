// What an inbox screen (its five counts), a page of an inbox list, "my appeals" (the citizen's first page) and a page
// of the outbox sweep cost as the appeals grow: the same store calls at BENCH_SCREEN_SIZES appeals (default 1000,100000), against
// what counting the collection costs (the scan the kept counts replaced), up to BENCH_SCAN_UP_TO. Appeals are written
// straight into the collection and counted once by the rebuild, whose time is shown too.
// Run by `npm run bench` (bench/run.ts).
import mongoose from "mongoose";
import { inboxFilters, inboxQuery } from "../src/admin/inbox.js";
import type { AppealStatus } from "../src/core/appeal/appeal.js";
import type { LocalDate } from "../src/core/calendar/local-date.js";
import { openMongoStore } from "../src/store/mongo-store.js";
import { rebuildAppealIndexes } from "../src/store/rebuild-appeal-indexes.js";
import { sampleAppeal } from "../test/support/sample-appeal.js";
import { medianMs, timedMs } from "./timing.js";

const sizes = (process.env["BENCH_SCREEN_SIZES"] ?? "1000,100000").split(",").map(Number);
/** Counting by scanning takes seconds per thousand appeals here: beyond this size it is not timed. */
const scanUpTo = Number(process.env["BENCH_SCAN_UP_TO"] ?? 5_000);
const today: LocalDate = "2026-12-20";
const statuses: AppealStatus[] = ["registered", "in_progress", "awaiting_citizen", "extended", "forwarded", "answered", "rejected", "closed"];
const agencies = ["akimat_almaty_city", "akimat_astana_city", "almaty_energy_department"];
/** Each citizen writes about ten appeals, so "my appeals" fills its first page. */
const appealsPerCitizen = 10;

function appealDocument(i: number) {
  const { id, ...appeal } = sampleAppeal(statuses[i % statuses.length] as AppealStatus, {
    id: `BEN-2026-${String(i).padStart(6, "0")}`,
    submissionKey: `bench:${i}`,
    citizenId: `telegram:${Math.floor(i / appealsPerCitizen)}`,
    agencyId: agencies[i % agencies.length] as string,
    receivedAt: new Date(Date.UTC(2026, 10, 1) + i * 1000),
    deadline: `2026-12-${String(10 + (i % 20)).padStart(2, "0")}` as LocalDate,
  });
  // One appeal in 500 waits for its notice, so the outbox sweep has a few to find.
  return { _id: id, ...appeal, pendingOutbox: i % 500 === 0 ? 1 : 0 };
}

export async function benchScreens(uri: string): Promise<Record<string, unknown>[]> {
  const connection = await mongoose.createConnection(uri, { dbName: `bench_screens_${process.pid}`, autoIndex: false }).asPromise();
  try {
    const store = await openMongoStore(connection);
    const appeals = connection.collection("appeals");
    const figures: Record<string, unknown>[] = [];
    let written = 0;
    for (const size of sizes) {
      for (; written < size; written += 1_000) {
        await appeals.insertMany(Array.from({ length: Math.min(1_000, size - written) }, (_, k) => appealDocument(written + k)) as never[]);
      }
      const rebuildMs = await timedMs(() => rebuildAppealIndexes(connection));
      const inbox = () => Promise.all(inboxFilters.map((filter) => store.appeals.countByAgency(inboxQuery(filter, "akimat_almaty_city", today))));
      const scannedInbox = () =>
        Promise.all(
          inboxFilters.map((filter) => {
            const query = inboxQuery(filter, "akimat_almaty_city", today);
            return appeals.countDocuments({ agencyId: query.agencyId, status: { $in: [...query.statuses] }, ...(query.deadlineBefore ? { deadline: { $lt: query.deadlineBefore } } : {}) });
          }),
        );
      const scannedListQuery = () => {
        const query = inboxQuery("new", "akimat_almaty_city", today);
        return { agencyId: query.agencyId, status: { $in: [...query.statuses] } };
      };
      const citizen = `telegram:${Math.floor(size / appealsPerCitizen / 2)}`;
      figures.push({
        appeals: size,
        inboxScreenMs: await medianMs(21, inbox),
        inboxListPageMs: await medianMs(21, () => store.appeals.listByAgency(inboxQuery("new", "akimat_almaty_city", today), { limit: 9, offset: 0 })),
        myAppealsMs: await medianMs(21, () => store.appeals.listByCitizen(citizen, { limit: 11, offset: 0 })),
        simulatorFiguresMs: await medianMs(21, () => store.appeals.countAll(today)),
        outboxSweepPageMs: await medianMs(21, () => store.appeals.listWithPendingOutbox(200)),
        outboxSweepPageByQueryMs: size <= scanUpTo ? await medianMs(3, () => appeals.find({ pendingOutbox: { $gt: 0 } }).sort({ receivedAt: 1, _id: 1 }).limit(200).toArray()) : "not timed",
        inboxScreenByCountingMs: size <= scanUpTo ? await medianMs(3, scannedInbox) : "not timed",
        inboxListPageByQueryMs: size <= scanUpTo ? await medianMs(3, () => appeals.find(scannedListQuery()).sort({ deadline: 1, _id: 1 }).limit(9).toArray()) : "not timed",
        myAppealsByQueryMs: size <= scanUpTo ? await medianMs(3, () => appeals.find({ citizenId: citizen }).sort({ receivedAt: -1 }).limit(11).toArray()) : "not timed",
        recountAllMs: Math.round(rebuildMs),
      });
    }
    return figures;
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}
