// Composition root: `npm start`. Today it brings up storage, the calendar and the
// reference data; the channels (Telegram, WhatsApp, the simulator) attach here.
import { boot } from "./runtime/boot.js";
import { runCommand } from "./runtime/run-command.js";

await runCommand(async (config, log) => {
  const runtime = await boot(config, log);
  log.info({ redis: runtime.redisUrl.replace(/\/\/[^@/]*@/, "//***@") }, "Estu is running (storage, calendar, flows and the dialogue; no channel adapter in this version yet); stop it with Ctrl+C");

  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals) => {
      log.info({ signal }, "stopping");
      resolve();
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
  await runtime.stop();
  log.info("stopped");
});
