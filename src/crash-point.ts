/**
 * The moments where a crash used to lose or repeat something, named so the crash suite
 * (`test/crash/`) can aim a `kill -9` exactly there.
 */
export type CrashPoint = "after-store-before-reply" | "after-create-before-mark" | "after-decision-before-relay" | "after-send-before-mark";

/**
 * A test-only fault hook: when the environment variable `ESTU_CRASH_AT` names `point`,
 * the process kills itself with SIGKILL on reaching it, as `kill -9` would, with no
 * cleanup. Unset (always, outside the crash suite) it does nothing.
 */
export function crashPoint(point: CrashPoint): void {
  if (process.env["ESTU_CRASH_AT"] === point) process.kill(process.pid, "SIGKILL");
}
