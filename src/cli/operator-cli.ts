// `npm run cli -- <command>`: reads the command line, answers help and mistakes in it at
// once, and loads the commands (and with them the whole runtime) only to run one.
import { AppError } from "../core/errors.js";
import { runCommand } from "../runtime/run-command.js";
import { usage, usages, type CommandName } from "./cli-usage.js";

const [name, ...rest] = process.argv.slice(2);
const command = Object.keys(usages).find((candidate): candidate is CommandName => candidate === name);
const helpAsked = (args: readonly string[]) => args.includes("--help") || args.includes("-h");

if (name === undefined || name === "help" || name === "--help" || name === "-h") {
  // Usage asked for is the answer (stdout, exit 0); usage after a mistake is an error (stderr, exit 2).
  printUsage(usage, name === undefined ? "misuse" : "asked");
} else if (!command) {
  printUsage(`Unknown command '${name}'.\n${usage}`, "misuse");
} else if (helpAsked(rest)) {
  printUsage(`Usage:\n  ${usages[command]}`, "asked");
} else {
  const { commands } = await import("./cli.js");
  await runCommand(async (config, log) => {
    try {
      await commands[command](config, log, rest);
    } catch (error) {
      const mistake = usageMistake(error, `Usage:\n  ${usages[command]}`);
      if (mistake === undefined) throw error;
      printUsage(mistake, "misuse");
    }
  }, "stderr");
}

function printUsage(text: string, why: "asked" | "misuse"): void {
  (why === "asked" ? process.stdout : process.stderr).write(`${text}\n`);
  process.exitCode = why === "asked" ? 0 : 2;
}

/**
 * What to print for a mistake in the command line, or undefined for any other error: our
 * `CLI_USAGE` messages carry the usage already, `parseArgs`'s get the command's.
 */
function usageMistake(error: unknown, commandUsage: string): string | undefined {
  if (error instanceof AppError && error.code === "CLI_USAGE") return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS_") ? `${(error as Error).message}\n${commandUsage}` : undefined;
}
