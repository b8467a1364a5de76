import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/embedded/project-root.js";
import { logFormat } from "../../src/logger.js";

/** One log line written by `createLogger` in a child process whose stderr is a pipe, or pretends to be a terminal. */
function logLine(terminal: boolean): string {
  const script = `${terminal ? "process.stderr.isTTY = true;" : ""}
    const { createLogger } = await import(${JSON.stringify(join(projectRoot, "src/logger.ts"))});
    createLogger("info", "stderr").info({ appealId: "ALEN-2026-000001", applicant: { iin: "900101400003" } }, "appeal registered");`;
  const result = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: projectRoot, encoding: "utf8", env: { PATH: process.env["PATH"], NO_COLOR: "1" }, timeout: 90_000 });
  expect(result.status).toBe(0);
  return result.stderr;
}

describe("the log format", { timeout: 120_000 }, () => {
  it("is pretty for a terminal and JSON for anything else", () => {
    expect(logFormat({ isTTY: true })).toBe("pretty");
    expect(logFormat({ isTTY: false })).toBe("json");
    expect(logFormat({})).toBe("json");
  });

  it("writes one JSON object per line to a pipe, personal data redacted", () => {
    const line = JSON.parse(logLine(false)) as Record<string, unknown>;
    expect(line).toMatchObject({ level: 30, service: "estu", msg: "appeal registered", appealId: "ALEN-2026-000001" });
    expect(JSON.stringify(line)).not.toContain("900101400003");
  });

  it("writes readable lines to a terminal, personal data redacted", () => {
    const text = logLine(true);
    expect(text).toMatch(/INFO.*appeal registered/);
    expect(text).toContain("ALEN-2026-000001");
    expect(text).not.toContain("900101400003");
    expect(() => JSON.parse(text) as unknown).toThrow();
  });
});
