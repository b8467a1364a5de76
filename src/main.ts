// Composition root: `npm start`. Runs every configured part of Estu in one process
// (ESTU_ROLES picks some), until SIGINT or SIGTERM.
import type { Logger } from "./logger.js";
import { runCommand } from "./runtime/run-command.js";
import { startEstu } from "./runtime/start-estu.js";

await runCommand(async (config, log) => {
  const estu = await startEstu(config, log);
  try {
    const parts = estu.running.length > 0 ? estu.running.join(", ") : "storage only (ESTU_ROLES and ESTU_SIMULATOR leave nothing to run here)";
    log.info({ roles: config.roles, redis: estu.runtime.redisUrl.replace(/\/\/[^@/]*@/, "//***@"), redisPrefix: config.redisPrefix }, `Estu is running: ${parts}; stop it with Ctrl+C`);
    // A bot that stops by itself (another poller, a revoked token) stops Estu with its error.
    await Promise.race([signalled(log), estu.failed]);
  } finally {
    await estu.stop();
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
