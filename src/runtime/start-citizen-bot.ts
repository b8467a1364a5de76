import type { BotHost } from "../adapters/telegram/bot-host.js";
import { CitizenBot } from "../adapters/telegram/citizen-bot.js";
import { pleaseWaitText } from "../dialogue/please-wait.js";
import type { Logger } from "../logger.js";
import type { Runtime } from "./boot.js";
import type { HttpServer } from "./http-server.js";

/** Starts a bot's updates and, in webhook mode, routes its path on Estu's HTTP server; returns how it receives. */
export async function receiveUpdates(host: BotHost, http: HttpServer): Promise<string> {
  await host.start();
  const path = host.webhookPath;
  if (!path) return "long polling";
  http.route(path, (request, response) => host.handleWebhook(request, response));
  return `webhook at ${path}`;
}

/** The public URL of one bot's webhook, under TELEGRAM_WEBHOOK_URL. */
export function webhookUrlOf(base: string | undefined, bot: "citizens" | "officials"): string | undefined {
  return base ? `${base.replace(/\/+$/, "")}/${bot}` : undefined;
}

/**
 * Starts the citizens' Telegram bot when TELEGRAM_BOT_TOKEN is set: by long polling
 * (one process per token; a second poller gets 409 Conflict), or through a webhook
 * on Estu's HTTP server when TELEGRAM_WEBHOOK_URL is set (any number of processes).
 */
export async function startCitizenBot(runtime: Runtime, http: HttpServer, log: Logger): Promise<CitizenBot | undefined> {
  const { botToken, apiRoot, webhookUrl } = runtime.config.telegram;
  if (!botToken) return undefined;
  const bot = new CitizenBot({
    token: botToken,
    apiRoot,
    dialogue: runtime.dialogue,
    redisUrl: runtime.redisUrl,
    log,
    logRef: runtime.logRef,
    lockPrefix: `${runtime.config.redisPrefix}:chat-lock`,
    webhookUrl: webhookUrlOf(webhookUrl, "citizens"),
    pleaseWait: (languageHint) => pleaseWaitText(runtime.translator, languageHint),
  });
  const receives = await receiveUpdates(bot.host, http);
  log.info({ bot: bot.host.username, apiRoot, receives }, "citizens' Telegram bot is running");
  return bot;
}
