// What finding an agency's officials costs as the officials grow (done for every new appeal's alert, every
// deadline reminder and every assignment screen): `officials.listByAgency` through the agency's roster at
// BENCH_OFFICIAL_SIZES officials (default 1000,10000; 20 to an agency), against the query it replaced
// (`officials.find({agencyId})`, a scan on the embedded FerretDB). Officials are written straight into
// the collection and the rosters built once by the same step a database from before them gets.
// Run by `npm run bench` (bench/run.ts).
import mongoose from "mongoose";
import { agencyRosterModel, rostersBuiltMark } from "../src/store/agency-rosters.js";
import { ensureAgencyRosters } from "../src/store/mongo-official-repository.js";
import { openMongoStore } from "../src/store/mongo-store.js";
import { medianMs, timedMs } from "./timing.js";

const sizes = (process.env["BENCH_OFFICIAL_SIZES"] ?? "1000,10000").split(",").map(Number);
const perAgency = 20;
const createdAt = new Date("2026-11-27T10:00:00+05:00");

const officialDocument = (i: number) => ({ _id: `telegram:${1_000_000 + i}`, agencyId: `agency_${Math.floor(i / perAgency)}`, role: "official", language: i % 2 ? "kk" : "ru", displayName: `Official ${i}`, active: true, createdAt });

export async function benchOfficials(uri: string): Promise<Record<string, unknown>[]> {
  const connection = await mongoose.createConnection(uri, { dbName: `bench_officials_${process.pid}`, autoIndex: false }).asPromise();
  try {
    const store = await openMongoStore(connection);
    const officials = connection.collection("officials");
    const figures: Record<string, unknown>[] = [];
    let written = 0;
    for (const size of sizes) {
      for (; written < size; written += 1_000) await officials.insertMany(Array.from({ length: Math.min(1_000, size - written) }, (_, k) => officialDocument(written + k)) as never[]);
      await agencyRosterModel(connection).deleteOne({ _id: rostersBuiltMark });
      const buildMs = await timedMs(() => ensureAgencyRosters(connection));
      figures.push({
        officials: size,
        listByAgencyMs: await medianMs(21, () => store.officials.listByAgency("agency_0")),
        listByQueryMs: await medianMs(5, () => officials.find({ agencyId: "agency_0" }).sort({ _id: 1 }).toArray()),
        buildRostersMs: Math.round(buildMs),
      });
    }
    return figures;
  } finally {
    await connection.dropDatabase();
    await connection.close();
  }
}
