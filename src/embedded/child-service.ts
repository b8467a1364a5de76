import { spawn, type ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { AppError } from "../core/errors.js";

/** A server process started for Estu; `stop` ends it and waits for its exit. */
export type ChildService = Readonly<{ url: string; stop: () => Promise<void> }>;

type StartOptions = Readonly<{
  /** Used in error messages: "FerretDB", "Redis". */
  name: string;
  command: string;
  args: readonly string[];
  url: string;
  /** Resolves true once the server answers. */
  probe: () => Promise<boolean>;
  /** What to tell an operator when the service cannot be had. */
  remedy: string;
  timeoutMs?: number;
}>;

/**
 * Spawns a server and waits until it answers. The child's output is kept so that a
 * failed start reports what the server said instead of a bare timeout.
 */
export async function startChildService(options: StartOptions): Promise<ChildService> {
  const child = spawn(options.command, options.args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-4_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  let exited: string | undefined;
  let spawnError: Error | undefined;
  child.once("error", (error) => (spawnError = error));
  child.once("exit", (code, signal) => (exited = `exited with ${signal ?? `code ${String(code)}`}`));

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (spawnError || exited) break;
    if (await options.probe().catch(() => false)) {
      return { url: options.url, stop: () => stopChild(child) };
    }
    await sleep(100);
  }
  await stopChild(child);
  const reason = spawnError?.message ?? exited ?? "did not answer in time";
  throw new AppError("SERVICE_START_FAILED", `${options.name} could not be started (${reason}). ${options.remedy}`, {
    service: options.name,
    command: options.command,
    output: output.trim(),
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  // The timer does not hold the process: a server that exits at once must not keep Estu running 5 s more.
  const killed = await Promise.race([exited.then(() => true), sleep(5_000, undefined, { ref: false }).then(() => false)]);
  if (!killed) {
    child.kill("SIGKILL");
    await exited;
  }
}
