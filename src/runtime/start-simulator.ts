import type { Queue } from "bullmq";
import { Redis } from "ioredis";
import { SimulatorChannel } from "../adapters/simulator/simulator-channel.js";
import { figuresLine } from "../adapters/simulator/figures-line.js";
import { localHosts } from "../adapters/simulator/request-guard.js";
import { simulatorRoutes } from "../adapters/simulator/simulator-routes.js";
import { ChatSerializer } from "../adapters/telegram/chat-serializer.js";
import { localDateOf } from "../core/calendar/local-date.js";
import type { Logger } from "../logger.js";
import { deliveriesQueueName } from "../queue/deliveries.js";
import { MongoMediaStore } from "../store/mongo-media-store.js";
import { MongoSimulatorInbox } from "../store/mongo-simulator-inbox.js";
import { createAdminConsole } from "./admin-console.js";
import type { Runtime } from "./boot.js";
import type { HttpServer } from "./http-server.js";

/** The agency the console shows first: the one the demo appeals (utilities in Almaty) go to. */
const preferredAgency = "almaty_energy_department";

export type Simulator = Readonly<{ channel: SimulatorChannel; files: MongoMediaStore; close: () => Promise<void> }>;

/**
 * The browser simulator: a citizens' phone and an official's console on Estu's HTTP
 * server, over the same dialogue, console, store and delivery queue as the real
 * channels. The console acts as a demo supervisor of the chosen agency, created on first use.
 */
export async function startSimulator(runtime: Runtime, queues: readonly Queue[], http: HttpServer, log: Logger): Promise<Simulator> {
  const { store, config } = runtime;
  const redis = new Redis(runtime.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for the simulator is unavailable"));
  const deliveries = queues.find((queue) => queue.name === deliveriesQueueName);
  const inbox = new MongoSimulatorInbox(runtime.connection);
  const files = new MongoMediaStore(runtime.connection, "simulator");
  const channel = new SimulatorChannel({
    dialogue: runtime.dialogue,
    console: createAdminConsole(runtime),
    inbox,
    files,
    chats: new ChatSerializer({
      redis,
      prefix: `${config.redisPrefix}:simulator-lock`,
      onLockProblem: (chat, problem) => log.warn({ citizen: runtime.logRef(chat), problem }, "chat lock not held; the message is handled anyway"),
    }),
    demoOfficial: async (agencyId, language) => {
      const id = `simulator:demo-${agencyId}`;
      const existing = await store.officials.get(id);
      // One an admin switched off stays off: the console then says so.
      if (!existing) await store.officials.enrol({ id, agencyId, role: "supervisor", language, displayName: "Demo", active: true, createdAt: new Date() });
      else if (existing.language !== language) await store.officials.setLanguage(id, language);
      return id;
    },
  });
  const routes = await simulatorRoutes({
    channel,
    inbox,
    media: files,
    allowedHosts: [...localHosts, ...config.simulatorHosts],
    log,
    agencies: { agencies: runtime.reference.agencies.map((agency) => ({ id: agency.id, name: `${agency.name.kk} / ${agency.name.ru}` })), preferred: preferredAgency },
    figures: async (language) => {
      const [counts, jobs] = await Promise.all([
        store.appeals.countAll(localDateOf(new Date(), runtime.calendar.timeZone)),
        (deliveries?.getJobCounts("waiting", "delayed", "active", "completed", "failed") ?? Promise.resolve<Record<string, number>>({})).catch((): Record<string, number> => ({})),
      ]);
      const count = (state: string) => jobs[state] ?? 0;
      const figures = { ...counts, deliveries: { queued: count("waiting") + count("delayed") + count("active"), delivered: count("completed"), failed: count("failed") } };
      return { ...figures, line: figuresLine(figures, language, runtime.translator.translate) };
    },
  });
  for (const [path, route] of Object.entries(routes.exact)) http.route(path, route);
  http.routePrefix("/sim/files/", routes.files);
  return {
    channel,
    files,
    close: async () => {
      redis.disconnect();
    },
  };
}
