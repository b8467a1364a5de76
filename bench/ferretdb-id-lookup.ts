// Benchmark of `_id` lookups and updates on a MongoDB-wire server (made for FerretDB 1.24.2, see
// scripts/ferretdb/ferretdb-v1.24.2.patch: upstream scans the whole table for every `_id` lookup).
// Inserts 20,000 documents with string `_id`s into a fresh database, then times sequential
// `findOne({_id})`, `updateOne({_id}, {$inc})` and a guarded `updateOne({_id, n}, ...)` on random
// ids, and drops the database. Run by `npm run bench` (bench/run.ts).
// Optional: BENCH_DOCS (default 20000), BENCH_OPS (default 500 of each kind).
import { randomBytes, randomInt } from "node:crypto";
import { performance } from "node:perf_hooks";
import mongoose from "mongoose";
import { positiveInt } from "./env.js";

interface Doc {
  _id: string;
  n: number;
  owner: string;
  body: string;
}

const docs = positiveInt("BENCH_DOCS", 20_000);
const ops = positiveInt("BENCH_OPS", 500);

function idOf(i: number): string {
  return `appeal:${String(i).padStart(6, "0")}`;
}

function stats(samples: number[]): { mean: number; p95: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((sum, x) => sum + x, 0) / sorted.length;
  const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? 0;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return { mean: round(mean), p95: round(p95), max: round(sorted[sorted.length - 1] ?? 0) };
}

async function timeEach(count: number, op: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await op(i);
    samples.push(performance.now() - start);
  }
  return samples;
}

/** Times `_id` reads and writes at `BENCH_DOCS` documents on the server at `uri`. */
export async function benchIdLookup(uri: string): Promise<Record<string, unknown>> {
  const client = new mongoose.mongo.MongoClient(uri, { maxPoolSize: 10, serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const db = client.db(`bench_id_${randomBytes(4).toString("hex")}`);
  try {
    const collection = db.collection<Doc>("docs");
    const body = "x".repeat(200);

    const insertStart = performance.now();
    const batch = 1_000;
    for (let from = 0; from < docs; from += batch) {
      const chunk: Doc[] = [];
      for (let i = from; i < Math.min(from + batch, docs); i++) {
        chunk.push({ _id: idOf(i), n: 0, owner: `user${i % 97}`, body });
      }
      await collection.insertMany(chunk, { ordered: false });
    }
    const insertMs = performance.now() - insertStart;

    // Warm up the connection and the server's statement caches.
    for (let i = 0; i < 10; i++) await collection.findOne({ _id: idOf(randomInt(docs)) });

    const findSamples = await timeEach(ops, async () => {
      const id = idOf(randomInt(docs));
      const doc = await collection.findOne({ _id: id });
      if (doc?._id !== id) throw new Error(`findOne({_id: ${id}}) returned ${JSON.stringify(doc?._id)}`);
    });

    const updateSamples = await timeEach(ops, async () => {
      const id = idOf(randomInt(docs));
      const result = await collection.updateOne({ _id: id }, { $inc: { n: 1 } });
      if (result.matchedCount !== 1) throw new Error(`updateOne({_id: ${id}}) matched ${result.matchedCount}`);
    });

    // A guarded write as the appeal store makes it: `_id` plus the version it was read at.
    const guardedSamples = await timeEach(ops, async () => {
      const id = idOf(randomInt(docs));
      const current = await collection.findOne({ _id: id }, { projection: { n: 1 } });
      const result = await collection.updateOne({ _id: id, n: current?.n ?? -1 }, { $inc: { n: 1 } });
      if (result.matchedCount !== 1) throw new Error(`guarded updateOne({_id: ${id}}) matched ${result.matchedCount}`);
    });

    const serverInfo = (await db.admin().command({ buildInfo: 1 })) as { version?: string; ferretdbVersion?: string };
    return {
      server: serverInfo.ferretdbVersion ? `FerretDB ${serverInfo.ferretdbVersion}` : `MongoDB ${serverInfo.version ?? "?"}`,
      docs,
      ops,
      insertMs: Math.round(insertMs),
      findOneByIdMs: stats(findSamples),
      updateOneByIdMs: stats(updateSamples),
      readThenGuardedUpdateMs: stats(guardedSamples),
    };
  } finally {
    await db.dropDatabase();
    await client.close();
  }
}
