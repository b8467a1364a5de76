// Tests of the database itself: the guarantees our code relies on and that upstream FerretDB 1.24.2 breaks
// (scripts/ferretdb/ferretdb-v1.24.2.patch). Single-document writes must be atomic under real concurrency
// (FerretDB issue 3040: lost updates without the patch) and an `_id` lookup must use the `_id` index.
// Every test here fails against the unpatched build (`FERRETDB_UNPATCHED=1 scripts/ferretdb.sh start <dir> <port>`,
// then MONGODB_URI=mongodb://127.0.0.1:<port>/ npm test).
import mongoose from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mongoUri, uniqueName } from "../support/services.js";

type Db = mongoose.mongo.Db;

describe("MongoDB-wire server (patched FerretDB 1.24.2)", () => {
  const client = new mongoose.mongo.MongoClient(mongoUri(), { maxPoolSize: 50, serverSelectionTimeoutMS: 10_000 });
  const database = client.db(uniqueName("patch"));
  const db = (): Db => database;

  beforeAll(async () => {
    await client.connect();
    // Open the pool's connections up front so the operations below really run in parallel on the server.
    await Promise.all(Array.from({ length: 50 }, () => database.command({ ping: 1 })));
  });

  afterAll(async () => {
    await database.dropDatabase();
    await client.close();
  });

  it("applies 100 concurrent $inc on one document exactly 100 times", async () => {
    const counters = db().collection<{ _id: string; n: number }>("counters");
    await counters.insertOne({ _id: "counter", n: 0 });

    await Promise.all(Array.from({ length: 100 }, () => counters.updateOne({ _id: "counter" }, { $inc: { n: 1 } })));

    const doc = await counters.findOne({ _id: "counter" });
    expect(doc?.n, "lost updates: concurrent $inc overwrote each other").toBe(100);
  });

  it("lets exactly one of 50 concurrent guarded updates win, round after round", async () => {
    const guarded = db().collection<{ _id: string; v: number }>("guarded");
    // One round is a race that an unpatched server sometimes wins by luck: ten rounds make the failure certain.
    const rounds: { matched: number; modified: number }[] = [];
    for (let round = 0; round < 10; round++) {
      const _id = `guard-${round}`;
      await guarded.insertOne({ _id, v: 0 });
      const results = await Promise.all(
        Array.from({ length: 50 }, () => guarded.updateOne({ _id, v: 0 }, { $set: { v: 1 } })),
      );
      rounds.push({
        matched: results.reduce((sum, r) => sum + r.matchedCount, 0),
        modified: results.reduce((sum, r) => sum + r.modifiedCount, 0),
      });
    }
    // "matched/modified" per round, as one string so a failure shows every round.
    const perRound = rounds.map((r) => `${r.matched}/${r.modified}`).join(" ");
    expect(perRound, "a guarded update (compare-and-set) had several winners").toBe(Array(10).fill("1/1").join(" "));
  });

  it("lets 20 concurrent workers claim 100 documents exactly once each with findOneAndUpdate", async () => {
    const jobs = db().collection<{ _id: string; claimedBy: number | null }>("jobs");
    await jobs.insertMany(Array.from({ length: 100 }, (_, i) => ({ _id: `job-${String(i).padStart(3, "0")}`, claimedBy: null })));

    const claims: { job: string; worker: number }[] = [];
    const work = async (worker: number) => {
      // The cap only guards against a runaway loop on a broken server; 100 claims are all there is.
      for (let i = 0; i < 500; i++) {
        const doc = await jobs.findOneAndUpdate(
          { claimedBy: null },
          { $set: { claimedBy: worker } },
          { returnDocument: "after" },
        );
        if (!doc) return;
        claims.push({ job: doc._id, worker });
      }
    };
    await Promise.all(Array.from({ length: 20 }, (_, w) => work(w)));

    const distinct = new Set(claims.map((c) => c.job));
    expect({ claims: claims.length, distinct: distinct.size }, "a document was claimed by more than one worker").toEqual({
      claims: 100,
      distinct: 100,
    });
    // What is stored agrees with who was told they won.
    const stored = await jobs.find({}).toArray();
    const owner = new Map(claims.map((c) => [c.job, c.worker]));
    expect(stored.filter((d) => d.claimedBy === null || owner.get(d._id) !== d.claimedBy)).toEqual([]);
  });

  it("answers find({_id}) from the _id index, not a table scan", async () => {
    const docs = db().collection<{ _id: string; i: number }>("lookup");
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `k${i}`, i })));
    await docs.insertOne({ _id: "x", i: -1 });

    const explain = await docs.find({ _id: "x" }).explain();
    const serverInfo = explain["serverInfo"] as { ferretdbVersion?: string } | undefined;

    if (serverInfo?.ferretdbVersion) {
      // FerretDB (SQLite handler) reports SQLite's EXPLAIN QUERY PLAN rows, e.g.
      // { queryPlanner: { Plan: ["id=3 parent=0 notused=0 detail=SEARCH c_1234abcd USING INDEX c_1234abcd__id_ (<expr>=?)"] },
      //   filterPushdown: true, ... }; upstream 1.24.2 shows "detail=SCAN c_1234abcd" instead.
      const plan = (explain["queryPlanner"] as { Plan?: unknown } | undefined)?.Plan;
      expect(Array.isArray(plan), `unexpected explain output: ${JSON.stringify(explain)}`).toBe(true);
      const details = (plan as unknown[]).map(String).join("\n");
      expect(explain["filterPushdown"]).toBe(true);
      expect(details, `the _id lookup does not use the _id index: ${details}`).toMatch(/detail=SEARCH \S+ USING INDEX \S+__id_ /);
      expect(details, `the _id lookup scans the table: ${details}`).not.toMatch(/detail=SCAN /);
    } else {
      // A real MongoDB answers an _id equality with IDHACK / EXPRESS_IXSCAN or an IXSCAN on _id_, never COLLSCAN.
      expect(JSON.stringify(explain["queryPlanner"])).not.toContain("COLLSCAN");
    }

    expect(await docs.findOne({ _id: "x" })).toEqual({ _id: "x", i: -1 });
  });

  it("uses the _id index for a guarded filter that has _id and other conditions", async () => {
    const docs = db().collection<{ _id: string; v: number }>("guarded_lookup");
    await docs.insertMany(Array.from({ length: 50 }, (_, i) => ({ _id: `g${i}`, v: i % 2 })));

    const explain = await docs.find({ _id: "g7", v: 1 }).explain();
    const serverInfo = explain["serverInfo"] as { ferretdbVersion?: string } | undefined;
    if (serverInfo?.ferretdbVersion) {
      const details = ((explain["queryPlanner"] as { Plan?: unknown[] }).Plan ?? []).map(String).join("\n");
      expect(details, `the guarded lookup scans the table: ${details}`).toMatch(/detail=SEARCH \S+ USING INDEX \S+__id_ /);
    } else {
      expect(JSON.stringify(explain["queryPlanner"])).not.toContain("COLLSCAN");
    }
    // The rest of the filter still applies: the pushed-down _id narrows, it does not replace.
    expect(await docs.findOne({ _id: "g7", v: 1 })).toEqual({ _id: "g7", v: 1 });
    expect(await docs.findOne({ _id: "g7", v: 0 })).toBeNull();
    expect((await docs.updateOne({ _id: "g7", v: 0 }, { $set: { v: 5 } })).matchedCount).toBe(0);
    expect((await docs.updateOne({ _id: "g7", v: 1 }, { $set: { v: 5 } })).modifiedCount).toBe(1);
  });
});
