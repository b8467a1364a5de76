// `npm run cli`'s usage as an operator meets it: help on stdout with exit 0, mistakes as plain
// text on stderr with exit 2, never a JSON log line or a stack trace. Spawns the real CLI.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../../src/embedded/project-root.js";

function cli(...args: string[]): Readonly<{ status: number | null; stdout: string; stderr: string }> {
  // No MONGODB_URI or REDIS_URL: nothing here may need storage.
  const result = spawnSync(process.execPath, ["--import", "tsx", join(projectRoot, "src/cli/operator-cli.ts"), ...args], {
    cwd: projectRoot,
    env: { PATH: process.env["PATH"], HOME: process.env["HOME"], NODE_ENV: "test" },
    encoding: "utf8",
    timeout: 90_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const commands = ["invite", "export", "whatsapp:link"];

function expectPlainMistake(result: ReturnType<typeof cli>, says: string): void {
  expect(result.status).toBe(2);
  expect(result.stdout).toBe("");
  expect(result.stderr).toContain(says);
  expect(result.stderr).toContain("Usage:\n  npm run cli -- ");
  expect(result.stderr).not.toMatch(/^\s*\{/m);
  expect(result.stderr).not.toMatch(/\\n|\n\s+at /);
}

describe("the operators' CLI usage", { timeout: 180_000 }, () => {
  it.each([["--help"], ["-h"], ["help"]])("prints every command's usage on stdout for %s and exits 0", (flag) => {
    const result = cli(flag);
    expect(result).toMatchObject({ status: 0, stderr: "" });
    for (const command of commands) expect(result.stdout).toContain(`npm run cli -- ${command} `);
  });

  it.each(commands)("prints %s's usage on stdout for --help and exits 0", (command) => {
    const result = cli(command, "--help");
    expect(result).toMatchObject({ status: 0, stderr: "" });
    expect(result.stdout).toMatch(new RegExp(`^Usage:\\n  npm run cli -- ${command} `));
    for (const other of commands.filter((candidate) => candidate !== command)) expect(result.stdout).not.toContain(`npm run cli -- ${other} `);
  });

  it("prints the usage on stderr and exits 2 without a command", () => {
    expectPlainMistake(cli(), "npm run cli -- export ");
  });

  it("names an unknown command", () => {
    expectPlainMistake(cli("exprot"), "Unknown command 'exprot'.");
  });

  it("names an unknown option with the command's usage", () => {
    const result = cli("export", "--form", "2026-11-01");
    expectPlainMistake(result, "Unknown option '--form'");
    expect(result.stderr).toContain("npm run cli -- export ");
  });

  it("explains missing or malformed arguments", () => {
    expectPlainMistake(cli("export", "--from", "2026-13-01", "--to", "2026-11-30"), "export needs --from and --to as YYYY-MM-DD");
    expectPlainMistake(cli("invite", "--agency", "almaty_energy_department"), "invite needs --agency, --role");
  });
});
