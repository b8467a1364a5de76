// Loaded into the app by `npm run bench:inbound` when it measures memory (BENCH_MEMORY_CHATS), with
// `node --expose-gc --import <this file>`: on SIGUSR2 it runs a full garbage collection and writes the
// V8 heap and the resident memory after it to the file BENCH_GC_PROBE_FILE names. Resident memory read
// without a collection swings with the allocator's slack (tens of MB between two reads of the same
// load); after one it shows what is live. Nothing of this is in the app itself.
import { writeFileSync } from "node:fs";

const file = process.env.BENCH_GC_PROBE_FILE;
const collect = globalThis.gc;
if (file) {
  let probe = 0;
  // Installed even without --expose-gc, so the signal never kills the app: it then writes why it cannot answer.
  process.on("SIGUSR2", () => {
    if (typeof collect !== "function") return writeFileSync(file, JSON.stringify({ probe: ++probe, error: "run node with --expose-gc" }));
    collect();
    const { heapUsed, rss } = process.memoryUsage();
    writeFileSync(file, JSON.stringify({ probe: ++probe, heapUsed, rss }));
  });
}
