import { ConfigError } from "../config.js";
import { AppError } from "../core/errors.js";
import { createLogger, type Logger } from "../logger.js";
import { loadEnvironment } from "./load-environment.js";
import type { Config } from "../config.js";

/**
 * Runs an entry point with the validated configuration and a logger, turning a
 * configuration or start-up error into a readable message and exit code 1.
 */
export async function runCommand(main: (config: Config, log: Logger) => Promise<void>, logTo: "stdout" | "stderr" = "stdout"): Promise<void> {
  let config: Config;
  try {
    config = loadEnvironment();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Estu cannot start: the configuration is invalid.\n${error.message}\n`);
    process.exit(1);
  }
  const log = createLogger(config.logLevel, logTo);
  try {
    await main(config, log);
  } catch (error) {
    if (error instanceof AppError) log.fatal({ code: error.code, details: error.details }, error.message);
    else log.fatal({ err: error }, "Estu stopped on an unexpected error");
    process.exitCode = 1;
  }
}
