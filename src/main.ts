// Composition root: `npm start`. Runs every configured part of Estu in one process
// (ESTU_ROLES picks some), until SIGINT or SIGTERM.
import type { Logger } from "./logger.js";
import { provideServices } from "./runtime/provide-services.js";
import { runCommand } from "./runtime/run-command.js";

await runCommand(async (config, log) => {
  // Listened for from the start: a stop asked for while Estu starts (before this, it killed the process on the
  // spot, leaving an embedded FerretDB behind) lets the start finish and then stops everything it started.
  const stopAsked = signalled(log);
  // MongoDB and Redis (the embedded FerretDB's start above all) come up while the rest of Estu loads.
  const services = provideServices(config, log);
  // startEstu reports a failure here; until it awaits, the rejection must not count as unhandled.
  services.catch(() => undefined);
  const loaded = import("./runtime/start-estu.js").catch(async (error: unknown) => {
    await (await services.catch(() => undefined))?.stop();
    throw error;
  });
  const { startEstu } = await loaded;
  const estu = await startEstu(config, log, services);
  try {
    const parts = estu.running.length > 0 ? estu.running.join(", ") : "storage only (ESTU_ROLES and ESTU_SIMULATOR leave nothing to run here)";
    log.info({ roles: config.roles, redis: estu.runtime.redisUrl.replace(/\/\/[^@/]*@/, "//***@"), redisPrefix: config.redisPrefix }, `Estu is running: ${parts}; stop it with Ctrl+C`);
    // A bot that stops by itself (another poller, a revoked token) stops Estu with its error.
    await Promise.race([stopAsked, estu.failed]);
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
