import { ChannelRouter } from "../adapters/channel-router.js";
import { MediaRouter } from "../adapters/media/media-router.js";
import { adminFilesChannel } from "../adapters/telegram/admin-files-channel.js";
import { TelegramFiles } from "../adapters/telegram/telegram-files.js";
import { TelegramSender } from "../adapters/telegram/telegram-sender.js";
import type { Config } from "../config.js";
import type { Logger } from "../logger.js";
import type { ChannelCheck } from "../observability/health.js";
import { telegramBotCheck, whatsappCheck } from "../observability/channel-checks.js";
import { countAppealsCreated, instrumentDialogue, observeDeadlines, observeDeliveries } from "../observability/instrument.js";
import { createEstuMetrics } from "../observability/metrics.js";
import { openQueueSources } from "../observability/queue-sources.js";
import { healthPath, healthRoute, metricsPath, metricsRoute } from "../observability/routes.js";
import { boot, type Runtime } from "./boot.js";
import type { Services } from "./provide-services.js";
import { HttpServer } from "./http-server.js";
import { openDataPath, openDataRoute } from "./open-data-route.js";
import { startCitizenBot } from "./start-citizen-bot.js";
import { MongoMediaStore } from "../store/mongo-media-store.js";
import { MongoAppealStats } from "../store/mongo-appeal-stats.js";
import { openScheduler, startDeadlineWorkers } from "./start-deadlines.js";
import { openRelay, startDeliveries } from "./start-deliveries.js";

/** A running Estu: what it runs, a promise that rejects when a part stops by itself, and how to stop it. */
export type Estu = Readonly<{
  runtime: Runtime;
  /** The parts running, for the log and the tests. */
  running: readonly string[];
  /** Rejects when a bot stops by itself (another poller, a revoked token); never resolves otherwise. */
  failed: Promise<never>;
  stop: () => Promise<void>;
}>;

/**
 * Runs the roles of ESTU_ROLES that are configured: the citizens' Telegram bot, the
 * officials' admin bot, the WhatsApp channel, the workers (deliveries with the outbox
 * sweep, deadline reminders), and the simulator when ESTU_SIMULATOR allows; the HTTP
 * server with health, metrics and open data. Everything in one process by default;
 * the same code runs each role alone. `services`: MongoDB and Redis when the caller started
 * bringing them up already.
 */
export async function startEstu(config: Config, log: Logger, services?: Promise<Services>): Promise<Estu> {
  const booted = await boot(config, log, services);
  const closers: (() => Promise<void>)[] = [booted.stop];
  const stop = async () => {
    for (const close of [...closers].reverse()) await close();
  };
  try {
    const queueSources = openQueueSources(booted.redisUrl, config.redisPrefix, log);
    const metrics = createEstuMetrics({ queues: queueSources.queues });
    closers.push(queueSources.close, async () => metrics.close());
    // Every channel's messages are counted and timed, whichever adapter brings them.
    const runtime: Runtime = { ...booted, dialogue: instrumentDialogue(booted.dialogue, metrics) };
    countAppealsCreated(runtime.appealEvents, metrics);
    const checks: Record<string, ChannelCheck> = {};
    const { telegram } = config;
    const media = new MediaRouter();
    const http = new HttpServer();
    const running: string[] = [];
    const stopping: Promise<void>[] = [];
    const channels = new ChannelRouter();
    if (telegram.botToken) {
      media.add("telegram", new TelegramFiles(telegram.botToken, telegram.apiRoot));
      channels.add("telegram", new TelegramSender({ token: telegram.botToken, apiRoot: telegram.apiRoot, media }));
    }
    if (telegram.adminBotToken) media.add(adminFilesChannel, new TelegramFiles(telegram.adminBotToken, telegram.apiRoot));
    // WhatsApp files are kept in MongoDB at receipt, so any process (the admin bot's too) can open them.
    if (config.whatsappEnabled) media.add("whatsapp", new MongoMediaStore(runtime.connection, "whatsapp"));

    const has = (role: Config["roles"][number]) => config.roles.includes(role);
    const officialsChannel = telegram.adminBotToken ? new TelegramSender({ token: telegram.adminBotToken, apiRoot: telegram.apiRoot, media }) : undefined;
    // Whatever stores or changes an appeal here has its notification queued and its reminders planned at once.
    const relay = openRelay(runtime, log);
    const scheduler = openScheduler(runtime, log);
    closers.push(relay.close, scheduler.close);
    runtime.appealEvents.on(relay.relay);
    runtime.appealEvents.on(scheduler.schedule);
    // WhatsApp's sender works only in the process that owns the socket, so its deliveries are made there. It is
    // started after the queues above, so it stops before them and the messages in hand still reach them.
    if (config.whatsappEnabled && has("whatsapp")) {
      // Loaded only when WhatsApp runs: Baileys is the heaviest import, and a Telegram-only start need not wait for it.
      const { startWhatsAppRole } = await import("./whatsapp-role.js");
      const whatsapp = startWhatsAppRole(runtime, media, officialsChannel, log);
      checks["whatsapp"] = whatsappCheck(whatsapp.status);
      channels.add("whatsapp", whatsapp.sender);
      closers.push(whatsapp.stop);
      running.push("WhatsApp channel");
    }

    const simulated = config.simulator === "true" || (config.simulator === "auto" && !telegram.botToken && !telegram.adminBotToken && !config.whatsappEnabled);
    if (simulated) {
      // The simulator, the officials' console and the queue dashboard are loaded only when they run: a
      // Telegram-only start polls sooner without them (see "Throughput" in README).
      const { startSimulator } = await import("./start-simulator.js");
      const simulator = await startSimulator(runtime, queueSources.queues, http, log);
      media.add("simulator", simulator.files);
      channels.add("simulator", simulator.channel);
      closers.push(simulator.close);
      running.push(`browser simulator at http://localhost:${config.httpPort}/`);
    }
    if (has("worker")) {
      const deliveries = startDeliveries(runtime, channels, relay.outbox, log);
      observeDeliveries(deliveries.worker, metrics);
      const deadlines = startDeadlineWorkers(runtime, scheduler, officialsChannel, relay.relay, log);
      observeDeadlines(deadlines.worker, metrics);
      closers.push(deliveries.close, deadlines.close);
      running.push(`delivery worker (${channels.channels.join(", ") || "no channel yet"})`, "deadline reminders");
    }
    if (has("telegram")) {
      const bot = await startCitizenBot(runtime, http, log);
      if (bot) {
        checks["telegram"] = telegramBotCheck(bot.host);
        closers.push(() => bot.host.stop());
        stopping.push(bot.host.done);
        running.push("citizens' Telegram bot");
      }
    }
    if (has("admin") && telegram.adminBotToken) {
      const { startAdminBot } = await import("./start-admin-bot.js");
      const bot = await startAdminBot(runtime, media, http, log);
      if (bot) {
        checks["telegram-admin"] = telegramBotCheck(bot.host);
        closers.push(() => bot.host.stop());
        stopping.push(bot.host.done);
        running.push("officials' admin bot");
      }
    }
    http.route(openDataPath, openDataRoute({ stats: new MongoAppealStats(runtime.connection), calendar: runtime.calendar, reference: runtime.reference }, log));
    if (config.dashboardPassword) {
      const { dashboardPath, queueDashboard } = await import("./queue-dashboard.js");
      const dashboard = queueDashboard(queueSources.queues, config.dashboardPassword);
      http.route(dashboardPath, dashboard);
      http.routePrefix(`${dashboardPath}/`, dashboard);
    }
    http.route(healthPath, healthRoute({ connection: runtime.connection, redisUrl: runtime.redisUrl, channels: checks }, log));
    http.route(metricsPath, metricsRoute(metrics, log));
    await http.listen(config.httpPort);
    closers.push(() => http.close());
    log.info({ port: config.httpPort, paths: [healthPath, metricsPath, openDataPath] }, "HTTP server is listening (health, metrics, open data, and webhooks when configured)");
    if (simulated) log.info(`Estu simulator: open http://localhost:${config.httpPort}/ in a browser`);
    // The simulator's console acts as any agency's supervisor without a login: a demo, never for a public port.
    if (simulated && (telegram.botToken || telegram.adminBotToken || config.whatsappEnabled)) {
      log.warn("the simulator runs beside real channels: its console needs no login, so keep ESTU_HTTP_PORT away from the internet");
    }
    const failed = Promise.race(stopping.map((done) => done.then(() => new Promise<never>(() => undefined))));
    // Marked as handled here; whoever awaits `failed` still sees the rejection.
    failed.catch(() => undefined);
    return { runtime, running, failed, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
