import { CitizenBot } from "../adapters/telegram/citizen-bot.js";
import { AppError } from "../core/errors.js";
import type { Logger } from "../logger.js";
import type { Runtime } from "./boot.js";

/**
 * Starts the citizens' Telegram bot when TELEGRAM_BOT_TOKEN is set, by long polling:
 * one process per token (a second poller gets 409 Conflict).
 */
export async function startCitizenBot(runtime: Runtime, log: Logger): Promise<CitizenBot | undefined> {
  const { botToken, apiRoot, webhookUrl } = runtime.config.telegram;
  if (!botToken) return undefined;
  // Polling would delete the webhook Telegram has on record: refuse rather than surprise.
  if (webhookUrl) {
    throw new AppError("TELEGRAM_WEBHOOK_NOT_SUPPORTED", "TELEGRAM_WEBHOOK_URL is set, but this version receives Telegram updates by long polling only; unset it.");
  }
  const bot = new CitizenBot({ token: botToken, apiRoot, dialogue: runtime.dialogue, redisUrl: runtime.redisUrl, log });
  await bot.start();
  log.info({ bot: bot.username, apiRoot }, "citizens' Telegram bot is polling");
  return bot;
}
