// The lists of texts the engine and the dialogue render themselves stay in step with
// their code, so the start-up check of texts sees every key a citizen can be shown.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { adminTextKeys } from "../../src/admin/admin-texts.js";
import { dialogueTextKeys } from "../../src/dialogue/dialogue-texts.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { engineTextKeys } from "../../src/engine/engine-texts.js";

// Every namespace that has a file in locales/kk, so a key in any of them is seen.
const namespaces = (await readdir(join(projectRoot, "locales/kk"))).map((name) => name.replace(/\.json$/, "")).join("|");
const keyPattern = new RegExp(`["\`]((?:${namespaces}):[a-z_.]+)(\\$\\{)?`, "g");

async function keysIn(folder: string): Promise<Set<string>> {
  const files = (await readdir(folder, { recursive: true })).filter((name) => name.endsWith(".ts"));
  const sources = await Promise.all(files.map((name) => readFile(join(folder, name), "utf8")));
  return new Set(sources.flatMap((source) => [...source.matchAll(keyPattern)].map((m) => (m[2] ? `${m[1]}*` : (m[1] ?? "")))));
}

const covers = (listed: readonly string[], key: string) => (key.endsWith("*") ? listed.some((candidate) => candidate.startsWith(key.slice(0, -1))) : listed.includes(key));

describe("texts rendered by code", () => {
  it("lists every key the engine uses", async () => {
    const used = [...(await keysIn(join(projectRoot, "src/engine")))];
    expect(used.filter((key) => !covers(engineTextKeys, key))).toEqual([]);
  });

  it("lists every key the dialogue service uses", async () => {
    const used = [...(await keysIn(join(projectRoot, "src/dialogue")))];
    expect(used.filter((key) => !covers(dialogueTextKeys, key))).toEqual([]);
  });

  it("lists every key the officials' console uses", async () => {
    // The console names its own texts without the namespace ("card.title"): every string literal
    // (or template head) that starts with one of admin.json's top-level keys is one of them.
    const sections = Object.keys(JSON.parse(await readFile(join(projectRoot, "locales/kk/admin.json"), "utf8")) as object).join("|");
    const literal = new RegExp(`["\`]((?:${sections})\\.[a-z_.]*)(\\$\\{)?`, "g");
    const folder = join(projectRoot, "src/admin");
    const sources = await Promise.all((await readdir(folder)).map((name) => readFile(join(folder, name), "utf8")));
    const used = new Set(sources.flatMap((source) => [...source.matchAll(literal)].map((m) => `admin:${m[1] ?? ""}${m[2] ? "*" : ""}`)));
    const namespaced = await keysIn(folder);
    expect([...used, ...namespaced].filter((key) => !covers(adminTextKeys, key))).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
});
