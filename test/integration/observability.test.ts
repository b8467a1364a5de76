// /health and /metrics on the real MongoDB-wire server and Redis, served by Estu's own
// HttpServer: dependency checks that fail fast (unreachable, closed, hung), counters fed
// by an instrumented dialogue, appeal events and a real BullMQ worker, and queue depths
// read from real queues. The dialogue is a stand-in: it is the boundary being measured.
import { createServer, type Server, type Socket } from "node:net";
import { Queue, UnrecoverableError, Worker } from "bullmq";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { InboundEnvelope } from "../../src/dialogue/envelope.js";
import { freePort } from "../../src/embedded/free-port.js";
import { createLogger } from "../../src/logger.js";
import { whatsappCheck } from "../../src/observability/channel-checks.js";
import { countAppealsCreated, instrumentDialogue, observeDeadlines, observeDeliveries } from "../../src/observability/instrument.js";
import { createEstuMetrics, type EstuMetrics } from "../../src/observability/metrics.js";
import { openQueueSources, type QueueSources } from "../../src/observability/queue-sources.js";
import { healthRoute, metricsRoute } from "../../src/observability/routes.js";
import type { DeadlineJob } from "../../src/queue/deadlines.js";
import type { DeadlineResult } from "../../src/queue/deadline-worker.js";
import type { DeliveryJob } from "../../src/queue/deliveries.js";
import type { DeliveryResult } from "../../src/queue/delivery-worker.js";
import { producerConnection, workerConnection } from "../../src/queue/redis-connections.js";
import { AppealEvents } from "../../src/runtime/appeal-events.js";
import { HttpServer } from "../../src/runtime/http-server.js";
import { sampleAppeal } from "../support/sample-appeal.js";
import { mongoUri, openTestDatabase, redisUrl, uniqueName } from "../support/services.js";

const log = createLogger("silent");
const gaugePrefix = uniqueName("obs_gauge");
const workerPrefix = uniqueName("obs_worker");
const cleanup = producerConnection(redisUrl());
/** Every Redis connection the tests open, closed at the end (a Queue or Worker leaves a given connection open). */
const connections: ReturnType<typeof producerConnection>[] = [];
const producer = () => remember(producerConnection(redisUrl()));
const consumer = () => remember(workerConnection(redisUrl()));
function remember<C extends ReturnType<typeof producerConnection>>(connection: C): C {
  connections.push(connection);
  return connection;
}

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let closedConnection: Connection;
let hungRedis: Server;
const hungSockets: Socket[] = [];
let http: HttpServer;
let base: string;
let metrics: EstuMetrics;
let sources: QueueSources;

beforeAll(async () => {
  database = await openTestDatabase("observability");
  closedConnection = await mongoose.createConnection(mongoUri(), { dbName: uniqueName("obs_closed") }).asPromise();
  await closedConnection.close();
  // A "Redis" that accepts connections and never answers: the check must give up, not wait.
  hungRedis = createServer((socket) => void hungSockets.push(socket));
  const hungPort = await freePort();
  await new Promise<void>((resolve) => hungRedis.listen(hungPort, "127.0.0.1", resolve));

  sources = openQueueSources(redisUrl(), gaugePrefix, log);
  metrics = createEstuMetrics({ queues: sources.queues });
  const channels = {
    telegram: () => ({ ok: true, detail: "long polling" }),
    whatsapp: whatsappCheck(() => ({ role: "owner", connection: "open", linked: true, stoppedBecause: undefined, reconnectAttempts: 0 })),
  };
  http = new HttpServer();
  http.route("/health", healthRoute({ connection: database.connection, redisUrl: redisUrl(), channels }, log));
  http.route("/health/redis-unreachable", healthRoute({ connection: database.connection, redisUrl: "redis://127.0.0.1:1" }, log));
  http.route("/health/redis-hung", healthRoute({ connection: database.connection, redisUrl: `redis://127.0.0.1:${hungPort}` }, log));
  http.route("/health/mongo-closed", healthRoute({ connection: closedConnection, redisUrl: redisUrl() }, log));
  http.route(
    "/health/channel-trouble",
    healthRoute(
      {
        connection: database.connection,
        redisUrl: redisUrl(),
        channels: {
          whatsapp: whatsappCheck(() => ({ role: "stopped", connection: "closed", linked: true, stoppedBecause: "replaced", reconnectAttempts: 0 })),
          stuck: () => new Promise(() => undefined),
        },
      },
      log,
    ),
  );
  http.route("/metrics", metricsRoute(metrics, log));
  const port = await freePort();
  await http.listen(port);
  base = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await http?.close();
  metrics?.close();
  await sources?.close();
  for (const socket of hungSockets) socket.destroy();
  await new Promise<void>((resolve) => (hungRedis ? hungRedis.close(() => resolve()) : resolve()));
  await database?.drop();
  for (const prefix of [gaugePrefix, workerPrefix]) {
    const keys = await cleanup.keys(`${prefix}:*`);
    if (keys.length > 0) await cleanup.del(...keys);
  }
  await cleanup.quit();
  for (const connection of connections) connection.disconnect();
});

type Health = { status: string; checks: { mongodb: { ok: boolean; latencyMs: number; error?: string }; redis: { ok: boolean; latencyMs: number; error?: string }; channels: Record<string, { ok: boolean; detail: string }> } };

async function health(path: string): Promise<{ status: number; body: Health; elapsedMs: number }> {
  const started = Date.now();
  const response = await fetch(`${base}${path}`);
  const body = (await response.json()) as Health;
  return { status: response.status, body, elapsedMs: Date.now() - started };
}

describe("GET /health", () => {
  it("answers 200 ok with MongoDB, Redis and each channel when all are up", async () => {
    const { status, body } = await health("/health");
    expect(status).toBe(200);
    expect(body.status).toBe("ok");
    expect(body.checks.mongodb.ok).toBe(true);
    expect(body.checks.redis.ok).toBe(true);
    expect(body.checks.mongodb.latencyMs).toBeGreaterThanOrEqual(0);
    expect(body.checks.channels).toEqual({ telegram: { ok: true, detail: "long polling" }, whatsapp: { ok: true, detail: "owner, connected" } });
  });

  it("answers 503 down at once when Redis is unreachable", async () => {
    const { status, body, elapsedMs } = await health("/health/redis-unreachable");
    expect(status).toBe(503);
    expect(body.status).toBe("down");
    expect(body.checks.redis).toMatchObject({ ok: false });
    expect(body.checks.mongodb.ok).toBe(true);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it("answers 503 down within the timeout when Redis accepts but never answers", async () => {
    const { status, body, elapsedMs } = await health("/health/redis-hung");
    expect(status).toBe(503);
    expect(body.checks.redis).toMatchObject({ ok: false, error: "timeout" });
    expect(elapsedMs).toBeLessThan(1_800);
  });

  it("answers 503 down when the MongoDB connection is closed", async () => {
    const { status, body, elapsedMs } = await health("/health/mongo-closed");
    expect(status).toBe(503);
    expect(body.status).toBe("down");
    expect(body.checks.mongodb).toMatchObject({ ok: false, error: "unavailable" });
    expect(body.checks.redis.ok).toBe(true);
    expect(elapsedMs).toBeLessThan(1_500);
  });

  it("stays 200 but degraded when a channel is stopped or its check hangs", async () => {
    const { status, body, elapsedMs } = await health("/health/channel-trouble");
    expect(status).toBe(200);
    expect(body.status).toBe("degraded");
    expect(body.checks.channels).toEqual({
      whatsapp: { ok: false, detail: "stopped (replaced)" },
      stuck: { ok: false, detail: "status check timed out" },
    });
    expect(elapsedMs).toBeLessThan(1_800);
  });

  it("refuses other methods", async () => {
    expect((await fetch(`${base}/health`, { method: "POST" })).status).toBe(405);
  });
});

/** One sample line of the text format: name, optional labels with escaped values, a value. */
const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{((?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*",?)*)\})? (\S+)$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"/g;

type Sample = { name: string; labels: Record<string, string>; value: number };

/** Parses the exposition strictly: every line is empty, HELP, TYPE or a sample of a family already introduced by both. */
function parseExposition(text: string): Sample[] {
  expect(text.endsWith("\n")).toBe(true);
  const help = new Set<string>();
  const types = new Map<string, string>();
  const samples: Sample[] = [];
  for (const line of text.slice(0, -1).split("\n")) {
    // The format ignores empty lines; prom-client writes one between families.
    if (line === "") continue;
    const meta = /^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name = "", rest = ""] = meta;
      if (kind === "HELP") help.add(name);
      else {
        expect(["counter", "gauge", "histogram"]).toContain(rest);
        expect(help.has(name), `HELP before TYPE of ${name}`).toBe(true);
        types.set(name, rest);
      }
      continue;
    }
    const match = sampleLine.exec(line);
    expect(match, `a sample line: ${line}`).not.toBeNull();
    const [, name = "", labelText = "", value = ""] = match ?? [];
    const family = types.has(name) ? name : name.replace(/_(bucket|sum|count)$/, "");
    expect(types.has(family), `HELP and TYPE before ${name}`).toBe(true);
    const labels = Object.fromEntries([...labelText.matchAll(labelPair)].map(([, key = "", raw = ""]) => [key, raw.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c))]));
    // Go's float syntax, as Prometheus reads it: NaN in any case (prom-client's event loop gauges start as "Nan").
    expect(value, `a number in ${line}`).toMatch(/^(?:[+-]?Inf|nan|[+-]?\d+(?:\.\d+)?(?:e[+-]?\d+)?)$/i);
    samples.push({ name, labels, value: value === "+Inf" ? Infinity : value === "-Inf" ? -Infinity : Number(value) });
  }
  return samples;
}

function valueOf(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value) && Object.keys(sample.labels).length === Object.keys(labels).length)?.value;
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${base}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
  const text = await response.text();
  return { text, samples: parseExposition(text) };
}

const envelope = (channel: string, n: number): InboundEnvelope => ({
  key: `${channel}:1:${n}`,
  citizenId: `${channel}:1`,
  channel,
  inbound: { type: "text", text: "сәлем" },
  sender: {},
  receivedAt: new Date(),
});

/** Resolves once `worker` has reported `count` completed or failed attempts. */
function outcomes(worker: Worker<DeliveryJob, DeliveryResult> | Worker<DeadlineJob, DeadlineResult>, count: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const one = () => {
      seen += 1;
      if (seen === count) resolve();
    };
    worker.on("completed", one);
    worker.on("failed", one);
  });
}

describe("GET /metrics", () => {
  it("counts inbound messages by channel and times every dialogue step, failures included", async () => {
    const dialogue = instrumentDialogue(
      {
        handle: async (message) => {
          await new Promise((resolve) => setTimeout(resolve, 12));
          if (message.key.endsWith(":3")) throw new Error("store unavailable");
          return [];
        },
      },
      metrics,
    );
    const weird = 'we"ird\\chan\nnel';
    await dialogue.handle(envelope("telegram", 1));
    await dialogue.handle(envelope("telegram", 2));
    await expect(dialogue.handle(envelope("whatsapp", 3))).rejects.toThrow("store unavailable");
    await dialogue.handle(envelope(weird, 4));

    const { text, samples } = await scrape();
    expect(valueOf(samples, "estu_inbound_messages_total", { channel: "telegram" })).toBe(2);
    expect(valueOf(samples, "estu_inbound_messages_total", { channel: "whatsapp" })).toBe(1);
    expect(valueOf(samples, "estu_inbound_messages_total", { channel: weird })).toBe(1);
    expect(text).toContain('estu_inbound_messages_total{channel="we\\"ird\\\\chan\\nnel"} 1\n');
    expect(valueOf(samples, "estu_dialogue_failures_total", { channel: "whatsapp" })).toBe(1);
    expect(valueOf(samples, "estu_dialogue_step_seconds_count")).toBe(4);
    expect(valueOf(samples, "estu_dialogue_step_seconds_bucket", { le: "+Inf" })).toBe(4);
    expect(valueOf(samples, "estu_dialogue_step_seconds_bucket", { le: "0.005" })).toBe(0);
    expect(valueOf(samples, "estu_dialogue_step_seconds_bucket", { le: "5" })).toBe(4);
    expect(valueOf(samples, "estu_dialogue_step_seconds_sum")).toBeGreaterThanOrEqual(0.04);
    expect(text).toMatch(/# HELP estu_dialogue_step_seconds .+\n# TYPE estu_dialogue_step_seconds histogram\n/);
    expect(valueOf(samples, "process_resident_memory_bytes")).toBeGreaterThan(0);
    expect(valueOf(samples, "process_start_time_seconds")).toBeLessThanOrEqual(Date.now() / 1_000);
    expect(valueOf(samples, "nodejs_eventloop_lag_p99_seconds")).toBeGreaterThanOrEqual(0);
  });

  it("counts each appeal registered once, by agency, and not the decisions on it", async () => {
    const events = new AppealEvents(log);
    countAppealsCreated(events, metrics);
    const appeal = sampleAppeal("registered", { id: "ALA-2026-000101", agencyId: "akimat_almaty_city" });
    const taken = [...appeal.history, { at: new Date(), actor: { type: "system" }, event: "taken", status: "in_progress" } as const];
    await events.emit(appeal);
    await events.emit(appeal);
    await events.emit({ ...appeal, status: "in_progress", history: taken });
    await events.emit(sampleAppeal("in_progress", { id: "ALA-2026-000102", history: taken }));
    await events.emit(sampleAppeal("registered", { id: "AST-2026-000001", agencyId: "akimat_astana" }));
    const { samples } = await scrape();
    expect(valueOf(samples, "estu_appeals_created_total", { agency: "akimat_almaty_city" })).toBe(1);
    expect(valueOf(samples, "estu_appeals_created_total", { agency: "akimat_astana" })).toBe(1);
  });

  it("counts delivery outcomes from a real worker: delivered, retried, and failed for good", async () => {
    expect(valueOf((await scrape()).samples, "estu_deliveries_total", { outcome: "failed" })).toBe(0);
    const queue = new Queue<DeliveryJob>("deliveries", { connection: producer(), prefix: workerPrefix });
    const worker = new Worker<DeliveryJob, DeliveryResult>(
      "deliveries",
      async (job) => {
        if (job.data.entryId === "blocked") throw new UnrecoverableError("blocked");
        if (job.data.entryId === "flaky") throw new Error("network");
        return job.data.entryId === "gone" ? "gone" : "delivered";
      },
      { connection: consumer(), prefix: workerPrefix },
    );
    observeDeliveries(worker, metrics);
    const done = outcomes(worker, 5);
    const job = (entryId: string, attempts: number) => ({ name: "answered", data: { appealId: "ALA-2026-000101", index: 0, entryId }, opts: { jobId: entryId, attempts } });
    await queue.addBulk([job("ok", 3), job("gone", 3), job("flaky", 2), job("blocked", 5)]);
    await done;
    const { samples } = await scrape();
    expect(valueOf(samples, "estu_deliveries_total", { outcome: "delivered" })).toBe(1);
    expect(valueOf(samples, "estu_deliveries_total", { outcome: "retried" })).toBe(1);
    expect(valueOf(samples, "estu_deliveries_total", { outcome: "failed" })).toBe(2);
    await worker.close();
    await queue.close();
  });

  it("counts appeals the deadline worker marks overdue", async () => {
    const queue = new Queue<DeadlineJob>("deadlines", { connection: producer(), prefix: workerPrefix });
    const worker = new Worker<DeadlineJob, DeadlineResult>("deadlines", async (job) => (job.data.kind === "overdue" ? "marked" : "reminded"), { connection: consumer(), prefix: workerPrefix });
    observeDeadlines(worker, metrics);
    const done = outcomes(worker, 2);
    const reminder = (kind: DeadlineJob["kind"]) => ({ name: kind, data: { appealId: "ALA-2026-000101", deadline: "2026-12-18", kind, at: new Date().toISOString() } as const });
    await queue.addBulk([reminder("due"), reminder("overdue")]);
    await done;
    expect(valueOf((await scrape()).samples, "estu_appeals_marked_overdue_total")).toBe(1);
    await worker.close();
    await queue.close();
  });

  it("keeps the metric names and types dashboards and alerts are written against", async () => {
    const { text } = await scrape();
    const types = Object.fromEntries([...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map(([, name = "", type = ""]) => [name, type]));
    expect(types).toMatchObject({
      estu_inbound_messages_total: "counter",
      estu_dialogue_failures_total: "counter",
      estu_dialogue_step_seconds: "histogram",
      estu_appeals_created_total: "counter",
      estu_appeals_marked_overdue_total: "counter",
      estu_deliveries_total: "counter",
      estu_queue_jobs: "gauge",
      estu_queue_scrape_ok: "gauge",
      process_resident_memory_bytes: "gauge",
      process_start_time_seconds: "gauge",
      nodejs_heap_size_used_bytes: "gauge",
      nodejs_eventloop_lag_p99_seconds: "gauge",
    });
  });

  it("reads each queue's depth from Redis at scrape time", async () => {
    const [deliveries, deadlines] = sources.queues.map((source) => source.name);
    expect([deliveries, deadlines]).toEqual(["deliveries", "deadlines"]);
    const queue = new Queue("deliveries", { connection: producer(), prefix: gaugePrefix });
    const planned = new Queue("deadlines", { connection: producer(), prefix: gaugePrefix });
    await queue.addBulk([1, 2, 3].map((n) => ({ name: "answered", data: { n } })));
    await planned.add("due", { n: 1 }, { delay: 3_600_000 });
    const { samples } = await scrape();
    expect(valueOf(samples, "estu_queue_scrape_ok")).toBe(1);
    expect(valueOf(samples, "estu_queue_jobs", { queue: "deliveries", state: "waiting" })).toBe(3);
    expect(valueOf(samples, "estu_queue_jobs", { queue: "deliveries", state: "failed" })).toBe(0);
    expect(valueOf(samples, "estu_queue_jobs", { queue: "deadlines", state: "delayed" })).toBe(1);
    expect(valueOf(samples, "estu_queue_jobs", { queue: "official-alerts", state: "active" })).toBe(0);
    await queue.close();
    await planned.close();
  });

  it("leaves the queue depths out, quickly, when Redis does not answer", async () => {
    const away = openQueueSources("redis://127.0.0.1:1", gaugePrefix, log);
    const offline = createEstuMetrics({ queues: away.queues, queueTimeoutMs: 500 });
    const started = Date.now();
    const samples = parseExposition(await offline.registry.metrics());
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(valueOf(samples, "estu_queue_scrape_ok")).toBe(0);
    expect(samples.filter((sample) => sample.name === "estu_queue_jobs")).toEqual([]);
    offline.close();
    await away.close();
  });
});
