// The semantic checks of the flows, on one broken fixture per problem (see
// test/flows/broken/README.md), on the shipped flows, and through the real CLI.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { dialogueTextKeys } from "../../src/dialogue/dialogue-texts.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { checkFlows } from "../../src/engine/check-flows.js";
import { readFlows } from "../../src/flows/load-flows.js";
import { loadLocales } from "../../src/i18n/load-locales.js";

const brokenDir = join(projectRoot, "test", "flows", "broken");

/** `nodeId` null: a problem of the whole flow. `fix` null: the message proposes none. */
type Expected = Readonly<{ code: string; flowId: string; nodeId: string | null; details: readonly string[]; fix: string | null }>;

/** Each case's one problem: where it is, what the message must say, and the fix it proposes. */
const cases: Readonly<Record<string, Expected>> = {
  "missing-node": { code: "missing_node", flowId: "menu", nodeId: "main", details: ["'ask_feedback'"], fix: "add the node or fix the target" },
  "unreachable-node": { code: "unreachable_node", flowId: "menu", nodeId: "old_help", details: ["from 'main'"], fix: "lead to it from another node or remove it" },
  "missing-kk-key": { code: "missing_text", flowId: "menu", nodeId: "about", details: ["'case:about'", "locales/kk"], fix: "add it" },
  "placeholder-mismatch": { code: "placeholder_mismatch", flowId: "menu", nodeId: "about", details: ["'case:about'", "{number}", "{nomer}"], fix: "use the same in both" },
  "too-long-prompt": { code: "too_long", flowId: "menu", nodeId: "main", details: ["'case:menu'", "427 characters", "locales/ru", "over 400"], fix: "shorten it or split it" },
  "russian-plural-forms": { code: "plural_forms", flowId: "menu", nodeId: "count", details: ["'case:appeals'", "_many, _other"], fix: "add them" },
  "silent-loop": { code: "silent_loop", flowId: "menu", nodeId: "tick", details: ["without asking"], fix: "put a question in the loop" },
  "duplicate-flow": { code: "duplicate_flow", flowId: "menu", nodeId: null, details: ["used by two files"], fix: "rename one" },
  "missing-start": { code: "missing_start", flowId: "menu", nodeId: null, details: ["starts at 'main'", "not one of its nodes"], fix: "fix 'start'" },
  // The goto variant; `missing_flow` is also what a missing required flow (welcome, menu, ...) gets.
  // The engine's message proposes no fix for it (yet).
  "missing-flow": { code: "missing_flow", flowId: "menu", nodeId: "to_feedback", details: ["jumps to flow 'feedback'", "does not exist"], fix: null },
  "dead-end": { code: "dead_end", flowId: "menu", nodeId: "main", details: ["no 'next'", "no route for again"], fix: "add 'next' or a route for each option" },
  "unknown-option": { code: "unknown_option", flowId: "menu", nodeId: "main", details: ["routes option 'help'", "does not offer"], fix: "remove the route or add the option" },
  "missing-until": { code: "missing_node", flowId: "menu", nodeId: "check", details: ["Summary field 'name'", "rejoins at 'ask_town'"], fix: "fix 'until'" },
  "hints-not-shown": { code: "hints_not_shown", flowId: "menu", nodeId: "ask_city", details: ["'case:ask_city'", "locales/kk", "no {{hints}}"], fix: "add it where the hints should go" },
  "saved-details-apart": { code: "saved_details_apart", flowId: "menu", nodeId: "details", details: ["saved details at 'check'", "from 'ask_name' never reach"], fix: "lead them on to 'check'" },
};

const tempDirs: string[] = [];
afterAll(() => Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true }))));

/**
 * A case in a temporary folder, its `case` texts added to a copy of the project's
 * `locales/`: the engine's and the host's own texts must exist too, and are not the case's.
 */
async function assemble(name: string): Promise<{ flows: string; locales: string }> {
  const dir = await mkdtemp(join(tmpdir(), `estu-${name}-`));
  tempDirs.push(dir);
  await cp(join(projectRoot, "locales"), join(dir, "locales"), { recursive: true });
  await cp(join(brokenDir, name), dir, { recursive: true });
  return { flows: join(dir, "flows"), locales: join(dir, "locales") };
}

async function problemsIn(dirs: { flows: string; locales: string }) {
  const [flows, resources] = await Promise.all([readFlows(dirs.flows), loadLocales(dirs.locales)]);
  return checkFlows(flows, resources, dialogueTextKeys);
}

describe("checkFlows on the broken fixtures", () => {
  it("has an expected problem for every case folder, and a folder for every expected problem", async () => {
    const folders = (await readdir(brokenDir, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
    expect(folders.sort()).toEqual(Object.keys(cases).sort());
  });

  it.each(Object.entries(cases))("%s: exactly one problem, located, explained and with its fix", async (name, expected) => {
    const problems = await problemsIn(await assemble(name));
    expect(problems).toEqual([{ code: expected.code, flowId: expected.flowId, nodeId: expected.nodeId, message: expect.any(String) }]);
    const message = problems[0]?.message ?? "";
    // A node's problem names the flow as "flow 'menu'"; a flow's own problem starts with "Flow".
    const where = expected.nodeId === null ? [`'${expected.flowId}'`] : [`flow '${expected.flowId}'`, `'${expected.nodeId}'`];
    for (const part of [...where, ...expected.details, ...(expected.fix === null ? [] : [expected.fix])]) expect(message).toContain(part);
  });

  it("has a case for every problem code checkFlows can report", async () => {
    // STYLE: a test that fails when a type has no fixtures. The codes are read from the
    // source, so a new check without a broken case here fails this test.
    const source = await readFile(join(projectRoot, "src", "engine", "check-flows.ts"), "utf8");
    const emitted = new Set([...source.matchAll(/\bproblem\(\s*["'`]([a-z_]+)["'`]/g)].flatMap((match) => match[1] ?? []));
    const expected = new Set(Object.values(cases).map((expectation) => expectation.code));
    expect(emitted.size, "no problem(\"<code>\", ...) calls found in check-flows.ts").toBeGreaterThan(0);
    expect([...emitted].filter((code) => !expected.has(code)).sort(), "codes with no case in test/flows/broken").toEqual([]);
    expect([...expected].filter((code) => !emitted.has(code)).sort(), "cases expecting a code check-flows.ts never reports").toEqual([]);
  });
});

describe("checkFlows on what Estu ships", () => {
  it("finds no problems in flows/ and locales/", async () => {
    expect(await problemsIn({ flows: join(projectRoot, "flows"), locales: join(projectRoot, "locales") })).toEqual([]);
  });
});

describe("npm run flows:check", () => {
  const run = async (args: readonly string[]) => {
    try {
      const { stdout, stderr } = await promisify(execFile)("npx", ["tsx", "src/cli/flows-check.ts", ...args], { cwd: projectRoot, timeout: 90_000 });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: number; stdout?: string; stderr?: string };
      return { code: failed.code ?? -1, stdout: failed.stdout ?? "", stderr: failed.stderr ?? "" };
    }
  };

  it("exits 1 listing the problem of a broken case, and 0 on the shipped flows", { timeout: 120_000 }, async () => {
    const broken = await assemble("missing-node");
    const [bad, good] = await Promise.all([run(["--flows", broken.flows, "--locales", broken.locales]), run([])]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split("\n")).toEqual([
      "menu/main [missing_node]: Node 'main' in flow 'menu' leads to 'ask_feedback', which does not exist; add the node or fix the target.",
    ]);
    expect(good).toMatchObject({ code: 0, stderr: "" });
    expect(good.stdout).toMatch(/^\d+ flows, \d+ nodes: no problems\.\n$/);
  });
});
