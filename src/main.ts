// Composition root: `npm start`. It brings up storage, the calendar and the reference
// data, then the channels that are configured (today the citizens' Telegram bot).
import type { Logger } from "./logger.js";
import { boot } from "./runtime/boot.js";
import { runCommand } from "./runtime/run-command.js";
import { startCitizenBot } from "./runtime/start-citizen-bot.js";

await runCommand(async (config, log) => {
  const runtime = await boot(config, log);
  try {
    const telegram = await startCitizenBot(runtime, log);
    const channels = telegram ? "the citizens' Telegram bot" : "no channel yet: TELEGRAM_BOT_TOKEN starts the Telegram bot";
    log.info({ redis: runtime.redisUrl.replace(/\/\/[^@/]*@/, "//***@") }, `Estu is running (storage, calendar, flows, the dialogue; ${channels}); stop it with Ctrl+C`);
    try {
      // A bot that stops by itself (another poller, a revoked token) stops Estu with its error.
      await (telegram ? Promise.race([signalled(log), telegram.done]) : signalled(log));
    } finally {
      await telegram?.stop();
    }
  } finally {
    await runtime.stop();
  }
  log.info("stopped");
});

function signalled(log: Logger): Promise<void> {
  return new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      log.info({ signal }, "stopping");
      resolve();
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
}
