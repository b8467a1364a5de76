// `npm run bench:inbound`: how many citizens' messages a second Estu answers, against its floor.
// Three measurements in one run, on the same FerretDB, Redis and machine:
//  - Estu: the real app (built by `npm run build` first and run as `npm run start:built` runs it, a
//    child process, citizens' bot and worker) polling a local Bot API emulator; BENCH_CHATS chats (default 2,000) each send /start and a text at once, then a
//    steady BENCH_RATE messages/s (default 200) for BENCH_STEADY_SECONDS (default 5) from new chats;
//  - the storage floor: a bare loop doing only the round trips one message needs (one `_id` read,
//    one guarded write, one Redis lock set and release), BENCH_FLOOR_CONCURRENCY at a time (default 16);
//  - a bare grammY bot that only echoes, polling the same emulator with the same burst.
// The three are measured BENCH_ROUNDS times (default 3), side by side in each round, since the machine's
// speed drifts between minutes (the floor alone moved from 317 to 645 messages/s between runs); the
// medians of the rounds, and of each round's ratios, are the figures, and the most unanswered of any round.
// With BENCH_MEMORY_CHATS (e.g. 100000), Estu's memory as the conversations grow: after the steady
// part, conversations are copied straight into the database up to that many, each copied chat sends
// a text, and the app's resident memory is read again once all of them were answered; the app then runs
// with a probe (bench/gc-probe.mjs) that reads its heap and resident memory after a full collection,
// after the warm-up, before the copies and after them (`live`, and `liveGrowth` from the first to the last).
// Prints one JSON object with the figures and the ratios. Figures, not pass/fail.
// Whatever long poller Estu's citizens' bot uses, this measures it unchanged: it only injects
// updates and times the replies.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { readFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Bot } from "grammy";
import { Redis } from "ioredis";
import mongoose from "mongoose";
import { startEmbeddedMongo } from "../src/embedded/embedded-mongo.js";
import { freePort } from "../src/embedded/free-port.js";
import { projectRoot } from "../src/embedded/project-root.js";
import { BotApiEmulator } from "./bot-api-emulator.js";
import { positiveInt } from "./env.js";
import { seedConversations } from "./seed-conversations.js";

const chats = positiveInt("BENCH_CHATS", 2_000);
const rate = positiveInt("BENCH_RATE", 200);
const steadySeconds = positiveInt("BENCH_STEADY_SECONDS", 5);
const floorConcurrency = positiveInt("BENCH_FLOOR_CONCURRENCY", 16);
const rounds = positiveInt("BENCH_ROUNDS", 3);
/** With BENCH_CPU_PROFILE=<folder>, every start of the app writes a V8 CPU profile there when it stops. */
const profileArgs = process.env["BENCH_CPU_PROFILE"] ? ["--cpu-prof", `--cpu-prof-dir=${process.env["BENCH_CPU_PROFILE"]}`] : [];
const memoryChats = process.env["BENCH_MEMORY_CHATS"] ? positiveInt("BENCH_MEMORY_CHATS", 100_000) : undefined;
/** A chat with fewer replies than expected this long after the last reply counts as unanswered. */
const quietMs = 3_000;
const token = `700000:BENCH-${randomBytes(12).toString("hex")}`;
const citizenText = "Во дворе третий день нет горячей воды, прошу проверить.";

function percentile(sorted: number[], p: number): number {
  return Math.round((sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(sorted.length * p) - 1))] ?? Number.NaN) * 10) / 10;
}

const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
  return round(kb / 1024);
}

/** Waits until no reply has arrived for `quietMs` or every chat has `expected` replies. */
async function settle(emulator: BotApiEmulator, chatIds: readonly number[], expected: number, limitMs = 300_000): Promise<void> {
  const giveUpAt = performance.now() + limitMs;
  let lastCount = -1;
  let lastChange = performance.now();
  for (;;) {
    let count = 0;
    for (const chat of chatIds) count += Math.min(emulator.replies.get(chat)?.length ?? 0, expected);
    if (count === chatIds.length * expected) return;
    if (count !== lastCount) {
      lastCount = count;
      lastChange = performance.now();
    }
    if (performance.now() - lastChange > quietMs || performance.now() > giveUpAt) return;
    await sleep(20);
  }
}

/** One round: the three measured side by side, and Estu at a steady rate. */
type Round = { estu: BurstFigures; steady: SteadyFigures; floor: FloorFigures; echo: BurstFigures };

/** Chats of round `round` start here (Telegram chat ids), and its steady part's `steadyChatOffset` further. */
const firstChatOfRound = (index: number) => 10_000_000 * (index + 1);
const steadyChatOffset = 5_000_000;
const warmUpFirstChat = 4_000_000;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : round(((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2);
}

type BurstFigures = { messagesPerSecond: number; repliesPerSecond: number; p50Ms: number; p99Ms: number; unansweredChats: number; seconds: number };

/** Every chat sends its messages at once; times each reply from the injection. */
async function burst(emulator: BotApiEmulator, firstChat: number, count: number, messages: readonly string[], expected: number): Promise<BurstFigures> {
  emulator.reset();
  const chatIds = Array.from({ length: count }, (_, i) => firstChat + i);
  const injectedAt = new Map<number, number>();
  const start = performance.now();
  for (const chat of chatIds) {
    for (const text of messages) emulator.inject(chat, text);
    injectedAt.set(chat, performance.now());
  }
  // A safety cap only: a burst ends when every chat is answered or no reply came for `quietMs`.
  await settle(emulator, chatIds, expected, Math.max(300_000, count * 20));
  const latencies: number[] = [];
  let last = start;
  let unanswered = 0;
  for (const chat of chatIds) {
    const replies = emulator.replies.get(chat) ?? [];
    if (replies.length < expected) unanswered++;
    for (const at of replies.slice(0, expected)) {
      latencies.push(at - (injectedAt.get(chat) ?? start));
      last = Math.max(last, at);
    }
  }
  latencies.sort((a, b) => a - b);
  const seconds = (last - start) / 1000;
  const answeredMessages = (count - unanswered) * messages.length;
  return {
    messagesPerSecond: round(answeredMessages / seconds),
    repliesPerSecond: round(latencies.length / seconds),
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    unansweredChats: unanswered,
    seconds: round(seconds, 2),
  };
}

/** New chats send /start at a steady rate; times each chat's first reply. */
type SteadyFigures = { messagesPerSecond: number; messages: number; p50Ms: number; p99Ms: number; unanswered: number };

async function steady(emulator: BotApiEmulator, firstChat: number): Promise<SteadyFigures> {
  emulator.reset();
  const total = rate * steadySeconds;
  const injectedAt = new Map<number, number>();
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    injectedAt.set(firstChat + i, emulator.inject(firstChat + i, "/start"));
  }
  const chatIds = [...injectedAt.keys()];
  await settle(emulator, chatIds, 1);
  const latencies = chatIds.flatMap((chat) => {
    const first = emulator.replies.get(chat)?.[0];
    return first === undefined ? [] : [first - (injectedAt.get(chat) ?? start)];
  });
  latencies.sort((a, b) => a - b);
  return { messagesPerSecond: rate, messages: total, p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), unanswered: total - latencies.length };
}

/** How many replies one chat gets for `messages`, from a single chat alone. */
async function repliesPerChat(emulator: BotApiEmulator, chat: number, messages: readonly string[]): Promise<number> {
  emulator.reset();
  for (const text of messages) emulator.inject(chat, text);
  await settle(emulator, [chat], Number.MAX_SAFE_INTEGER, 20_000);
  return emulator.replies.get(chat)?.length ?? 0;
}

type Running = Readonly<{ pid: number; readySeconds: number; stop: () => Promise<void> }>;

/**
 * Node itself (without npm's wrapper process, so the pid is the app's) on what `npm run start:built`
 * runs, the JavaScript `npm run build` wrote, or on what `npm start` runs, the sources through tsx.
 */
const appEntry = { built: ["--enable-source-maps", "dist/main.js"], sources: ["--import", "tsx", "src/main.ts"] } as const;

/** With BENCH_GC_PROBE_FILE in its environment, the app loads the probe that reads its memory after a full collection (bench/gc-probe.mjs). */
function probeArgs(env: NodeJS.ProcessEnv): string[] {
  return env["BENCH_GC_PROBE_FILE"] ? ["--expose-gc", "--import", pathToFileURL(join(projectRoot, "bench", "gc-probe.mjs")).href] : [];
}

type LiveMemory = { conversations: number; heapMb: number; rssMb: number };

/** Asks the app's probe for a full collection and reads the heap and resident memory after it. */
async function liveMemory(pid: number, probeFile: string, conversations: number): Promise<LiveMemory> {
  const read = async () => JSON.parse(await readFile(probeFile, "utf8").catch(() => '{"probe":0}')) as { probe: number; heapUsed: number; rss: number; error?: string };
  const before = (await read()).probe;
  process.kill(pid, "SIGUSR2");
  const giveUpAt = performance.now() + 30_000;
  for (;;) {
    const probe = await read().catch(() => ({ probe: before, heapUsed: 0, rss: 0 }));
    if (probe.probe > before && "error" in probe) throw new Error(`the app's memory probe: ${probe.error}`);
    if (probe.probe > before) return { conversations, heapMb: round(probe.heapUsed / 2 ** 20), rssMb: round(probe.rss / 2 ** 20) };
    if (performance.now() > giveUpAt) throw new Error("the app's memory probe did not answer within 30 s");
    await sleep(50);
  }
}

/** Starts the real app and waits until its citizens' bot polls the emulator. */
async function startEstuProcess(emulator: BotApiEmulator, env: NodeJS.ProcessEnv, from: keyof typeof appEntry = "built"): Promise<Running> {
  const polled = emulator.nextPoll();
  const startedAt = performance.now();
  // Its log goes to a file beside its data, so a start that fails says why.
  const logDir = env["ESTU_DATA_DIR"] ?? tmpdir();
  mkdirSync(logDir, { recursive: true });
  const logFile = join(logDir, `estu-${Date.now()}.log`);
  const log = openSync(logFile, "w");
  const child: ChildProcess = spawn(process.execPath, [...profileArgs, ...probeArgs(env), ...appEntry[from]], { cwd: projectRoot, stdio: ["ignore", log, "inherit"], env });
  closeSync(log);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  // Waits for the exit: a start that overlapped a stopping app could join the FerretDB it is about to stop.
  const stop = async () => {
    child.kill("SIGTERM");
    const stopped = await Promise.race([exited.then(() => true), sleep(60_000).then(() => false)]);
    if (!stopped) {
      child.kill("SIGKILL");
      await exited;
    }
  };
  try {
    const readyAt = await Promise.race([polled, exited.then(async () => Promise.reject(new Error(`Estu exited before it polled; its log ends:\n${(await readFile(logFile, "utf8")).slice(-2_000)}`)))]);
    return { pid: child.pid ?? 0, readySeconds: round((readyAt - startedAt) / 1000, 2), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Ready on the embedded defaults, as `npm run start:built` with no MongoDB configured: the app starts its own
 * FerretDB (already built) on a fresh data folder, then again on the same folder.
 */
async function embeddedReadySeconds(emulator: BotApiEmulator, env: NodeJS.ProcessEnv, dataDir: string): Promise<Record<string, number>> {
  const embeddedEnv: NodeJS.ProcessEnv = { ...env, ESTU_DATA_DIR: join(dataDir, "embedded-defaults") };
  delete embeddedEnv["MONGODB_URI"];
  delete embeddedEnv["MONGODB_DB"];
  const seconds: number[] = [];
  for (let run = 0; run < 2; run++) {
    const running = await startEstuProcess(emulator, embeddedEnv);
    await running.stop();
    seconds.push(running.readySeconds);
  }
  return { embeddedFirstStart: seconds[0] ?? 0, embeddedRestart: seconds[1] ?? 0 };
}

async function runEstu(emulator: BotApiEmulator, mongodbUri: string, redisUrl: string, dataDir: string): Promise<Record<string, unknown>> {
  const dbName = `bench_inbound_${process.pid}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MONGODB_URI: mongodbUri,
    MONGODB_DB: dbName,
    REDIS_URL: redisUrl,
    ESTU_REDIS_PREFIX: `bench-inbound-${process.pid}`,
    ESTU_DATA_DIR: dataDir,
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_ADMIN_BOT_TOKEN: "",
    TELEGRAM_WEBHOOK_URL: "",
    TELEGRAM_API_ROOT: emulator.apiRoot,
    WHATSAPP_ENABLED: "false",
    ESTU_ROLES: "telegram,worker",
    ESTU_SIMULATOR: "false",
    ESTU_HTTP_PORT: String(await freePort()),
    LOG_LEVEL: "warn",
  };
  const probeFile = memoryChats ? join(dataDir, "gc-probe.json") : undefined;
  try {
    // The first start creates the database; the restart is what a deployment does every time.
    const first = await startEstuProcess(emulator, probeFile ? { ...env, BENCH_GC_PROBE_FILE: probeFile } : env);
    let figures: Record<string, unknown>;
    try {
      const rssReady = await rssMb(first.pid);
      const expected = await repliesPerChat(emulator, 1, ["/start", citizenText]);
      // Not counted: the first burst also measures the JIT compiling the app (it ran up to a third slower).
      await burst(emulator, warmUpFirstChat, Math.min(chats, 500), ["/start", citizenText], expected);
      const liveAfterWarmUp = probeFile ? await liveMemory(first.pid, probeFile, 1 + Math.min(chats, 500)) : undefined;
      const measured: Round[] = [];
      let rssAfterBurst = 0;
      for (let index = 0; index < rounds; index++) {
        // New chats every round, so each burst starts as many conversations as the first.
        const floor = await runFloor(mongodbUri, redisUrl);
        const estu = await burst(emulator, firstChatOfRound(index), chats, ["/start", citizenText], expected);
        rssAfterBurst = Math.max(rssAfterBurst, await rssMb(first.pid));
        const steadyFigures = await steady(emulator, firstChatOfRound(index) + steadyChatOffset);
        const echo = await runEcho();
        measured.push({ estu, steady: steadyFigures, floor, echo });
        console.error(`round ${index + 1}/${rounds}: Estu ${estu.messagesPerSecond}, floor ${floor.messagesPerSecond}, echo ${echo.messagesPerSecond} messages/s; steady p99 ${steadyFigures.p99Ms} ms`);
      }
      const rssAfterSteady = await rssMb(first.pid);
      figures = { repliesPerChat: expected, chats, rounds: measured, rssMb: { ready: rssReady, afterBurst: rssAfterBurst, afterSteady: rssAfterSteady } };
      if (probeFile && liveAfterWarmUp) figures["memory"] = await memoryGrowth(emulator, mongodbUri, dbName, first.pid, 1 + Math.min(chats, 500) + rounds * (chats + rate * steadySeconds), probeFile, liveAfterWarmUp);
    } finally {
      await first.stop();
    }
    const again = await startEstuProcess(emulator, env);
    await again.stop();
    const fromSources = await startEstuProcess(emulator, env, "sources");
    await fromSources.stop();
    figures["readySeconds"] = { firstStart: first.readySeconds, restart: again.readySeconds, restartFromSources: fromSources.readySeconds, ...(await embeddedReadySeconds(emulator, env, dataDir)) };
    return figures;
  } finally {
    const connection = await mongoose.createConnection(mongodbUri, { dbName }).asPromise();
    await connection.dropDatabase();
    await connection.close();
  }
}

/**
 * Copies the first chat's conversation up to `memoryChats` conversations, has every copied chat send a
 * text (so the app loads and saves each of them), and reads the app's resident memory afterwards; and
 * its memory after a full collection (`live`) after the warm-up, before the copies and after them.
 */
async function memoryGrowth(emulator: BotApiEmulator, mongodbUri: string, dbName: string, pid: number, existing: number, probeFile: string, afterWarmUp: LiveMemory): Promise<Record<string, unknown>> {
  const beforeCopies = await liveMemory(pid, probeFile, existing);
  const copies = Math.max(0, (memoryChats ?? 0) - existing);
  const connection = await mongoose.createConnection(mongodbUri, { dbName }).asPromise();
  const seedStart = performance.now();
  try {
    if (!connection.db) throw new Error("no database to seed");
    await seedConversations(connection.db, "telegram:1", 5_000_000, copies);
  } finally {
    await connection.close();
  }
  const seedSeconds = round((performance.now() - seedStart) / 1000);
  const touched = await burst(emulator, 5_000_000, copies, [citizenText], 1);
  const rssAfterCopies = await rssMb(pid);
  const afterCopies = await liveMemory(pid, probeFile, existing + copies);
  return {
    conversations: existing + copies,
    seedSeconds,
    textsAnswered: copies - touched.unansweredChats,
    messagesPerSecond: touched.messagesPerSecond,
    rssMb: rssAfterCopies,
    live: [afterWarmUp, beforeCopies, afterCopies],
    liveGrowth: { heap: round(afterCopies.heapMb / afterWarmUp.heapMb - 1, 3), rss: round(afterCopies.rssMb / afterWarmUp.rssMb - 1, 3) },
  };
}

/** A bare grammY bot that only echoes, on an emulator of its own (Estu keeps polling the other one). */
async function runEcho(): Promise<BurstFigures> {
  const emulator = await BotApiEmulator.start();
  const bot = new Bot(token, { client: { apiRoot: emulator.apiRoot } });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const polled = emulator.nextPoll();
  const running = bot.start({ drop_pending_updates: false });
  await polled;
  try {
    return await burst(emulator, 3_000_000, chats, ["/start", citizenText], 2);
  } finally {
    await bot.stop();
    await running;
    await emulator.close();
  }
}

/** The round trips a message needs at the least, `floorConcurrency` messages at a time. */
type FloorFigures = { messagesPerSecond: number; p50Ms: number; p99Ms: number; concurrency: number };

async function runFloor(mongodbUri: string, redisUrl: string): Promise<FloorFigures> {
  const client = new mongoose.mongo.MongoClient(mongodbUri, { maxPoolSize: floorConcurrency });
  const redis = new Redis(redisUrl);
  const db = client.db(`bench_floor_${process.pid}`);
  const conversations = db.collection<{ _id: string; version: number; state: string }>("conversations");
  const release = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
  try {
    const ids = Array.from({ length: chats }, (_, i) => `telegram:${i}`);
    for (let from = 0; from < ids.length; from += 1_000) await conversations.insertMany(ids.slice(from, from + 1_000).map((_id) => ({ _id, version: 0, state: "start" })));
    const messages = [...ids, ...ids];
    const latencies: number[] = [];
    let next = 0;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: floorConcurrency }, async () => {
        while (next < messages.length) {
          const id = messages[next++] as string;
          const began = performance.now();
          const key = `bench-floor-${process.pid}:${id}`;
          const lockToken = randomBytes(8).toString("hex");
          while ((await redis.set(key, lockToken, "PX", 30_000, "NX")) !== "OK") await sleep(5);
          const doc = await conversations.findOne({ _id: id });
          await conversations.updateOne({ _id: id, version: doc?.version ?? 0 }, { $set: { state: "answered" }, $inc: { version: 1 } });
          await redis.eval(release, 1, key, lockToken);
          latencies.push(performance.now() - began);
        }
      }),
    );
    const seconds = (performance.now() - start) / 1000;
    latencies.sort((a, b) => a - b);
    return { messagesPerSecond: round(messages.length / seconds), p50Ms: percentile(latencies, 0.5), p99Ms: percentile(latencies, 0.99), concurrency: floorConcurrency };
  } finally {
    await db.dropDatabase();
    await client.close();
    redis.disconnect();
  }
}

// The measured app is the built one, as deployed (its build's own output goes to stderr, away from the figures).
execFileSync("npm", ["run", "build"], { cwd: projectRoot, stdio: ["ignore", 2, 2] });
const configured = process.env["MONGODB_URI"];
const folder = await mkdtemp(join(tmpdir(), "estu-bench-inbound-"));
const embedded = configured ? undefined : await startEmbeddedMongo(join(folder, "ferretdb"));
const mongodbUri = configured ?? embedded?.url ?? "";
const redisUrl = process.env["REDIS_URL"] ?? "redis://127.0.0.1:6379";
const emulator = await BotApiEmulator.start();
try {
  const estu = await runEstu(emulator, mongodbUri, redisUrl, folder);
  const measured = estu["rounds"] as Round[];
  const ratios = measured.map((one) => ({
    estuToFloor: one.estu.messagesPerSecond / one.floor.messagesPerSecond,
    estuToEcho: one.estu.messagesPerSecond / one.echo.messagesPerSecond,
  }));
  const medianOf = (pick: (round: Round) => number) => median(measured.map(pick));
  console.log(
    JSON.stringify(
      {
        at: new Date().toISOString(),
        node: process.version,
        cores: (await readFile("/proc/cpuinfo", "utf8")).split("\n").filter((line) => line.startsWith("processor")).length,
        medians: {
          rounds: measured.length,
          estu: { messagesPerSecond: medianOf((r) => r.estu.messagesPerSecond), p50Ms: medianOf((r) => r.estu.p50Ms), p99Ms: medianOf((r) => r.estu.p99Ms), unansweredChats: Math.max(...measured.map((r) => r.estu.unansweredChats)) },
          floor: { messagesPerSecond: medianOf((r) => r.floor.messagesPerSecond), p50Ms: medianOf((r) => r.floor.p50Ms), p99Ms: medianOf((r) => r.floor.p99Ms) },
          echo: { messagesPerSecond: medianOf((r) => r.echo.messagesPerSecond), p50Ms: medianOf((r) => r.echo.p50Ms), p99Ms: medianOf((r) => r.echo.p99Ms) },
          steady: { messagesPerSecond: rate, p50Ms: medianOf((r) => r.steady.p50Ms), p99Ms: medianOf((r) => r.steady.p99Ms), unanswered: Math.max(...measured.map((r) => r.steady.unanswered)) },
          ratios: { estuToFloor: round(median(ratios.map((r) => r.estuToFloor)), 3), estuToEcho: round(median(ratios.map((r) => r.estuToEcho)), 3) },
        },
        details: estu,
      },
      null,
      2,
    ),
  );
} finally {
  await emulator.close();
  await embedded?.stop();
  await rm(folder, { recursive: true, force: true });
}
