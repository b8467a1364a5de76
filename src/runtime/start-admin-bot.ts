import { AdminBot } from "../adapters/telegram/admin-bot.js";
import type { MediaSource } from "../core/ports/media-source.js";
import type { Logger } from "../logger.js";
import { createAdminConsole } from "./admin-console.js";
import type { Runtime } from "./boot.js";
import type { HttpServer } from "./http-server.js";
import { receiveUpdates, webhookUrlOf } from "./start-citizen-bot.js";

/**
 * Starts the officials' admin bot when TELEGRAM_ADMIN_BOT_TOKEN is set. Each decision is
 * announced as soon as it is written: its notification is queued and its deadline's
 * reminders planned.
 */
export async function startAdminBot(runtime: Runtime, media: MediaSource, http: HttpServer, log: Logger): Promise<AdminBot | undefined> {
  const { adminBotToken, apiRoot, webhookUrl } = runtime.config.telegram;
  if (!adminBotToken) return undefined;
  const adminConsole = createAdminConsole(runtime, (code) => bot.inviteLink(code));
  const bot: AdminBot = new AdminBot({
    token: adminBotToken,
    apiRoot,
    console: adminConsole,
    media,
    redisUrl: runtime.redisUrl,
    log,
    logRef: runtime.logRef,
    lockPrefix: `${runtime.config.redisPrefix}:admin-lock`,
    webhookUrl: webhookUrlOf(webhookUrl, "officials"),
  });
  const receives = await receiveUpdates(bot.host, http);
  log.info({ bot: bot.host.username, receives }, "officials' admin bot is running");
  return bot;
}
