// The real application as `npm start` runs it, in a child process the crash suite can
// SIGKILL at any moment, or arm to kill itself at a named point (ESTU_CRASH_AT).
import { spawn, type ChildProcess } from "node:child_process";
import { projectRoot } from "../../src/embedded/project-root.js";
import type { CrashPoint } from "../../src/crash-point.js";

export class AppProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<NodeJS.Signals | null> = Promise.resolve(null);
  /** The last lines the app logged, for a failure message. */
  output = "";
  /** How many times the app died by SIGKILL, aimed or not. */
  kills = 0;

  constructor(private readonly environment: Readonly<Record<string, string>>) {}

  /** Starts the app; with `crashAt`, it kills itself the first time it reaches that point. */
  start(crashAt?: CrashPoint): void {
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: projectRoot,
      env: { ...process.env, ...this.environment, ...(crashAt ? { ESTU_CRASH_AT: crashAt } : {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer) => (this.output = (this.output + chunk.toString("utf8")).slice(-6_000));
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) =>
      child.once("exit", (_code, signal) => {
        if (signal === "SIGKILL") this.kills += 1;
        resolve(signal);
      }),
    );
    this.child = child;
  }

  /** kill -9, and wait until it is gone. */
  async kill(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  /** Resolves with true once the app died by itself (an armed crash point), false after `timeoutMs`. */
  async diesWithin(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const died = await Promise.race([this.exited.then(() => true), timeout]);
    clearTimeout(timer);
    return died;
  }

  /** Stops it the gentle way (SIGTERM) at the end, or with SIGKILL if it has not gone after 5 s. */
  async stop(): Promise<void> {
    this.child?.kill("SIGTERM");
    if (!(await this.diesWithin(5_000))) await this.kill();
  }
}
