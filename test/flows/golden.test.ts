// Golden conversations: every journey of journeys.yaml replayed with a fixed clock,
// each step's effects compared with test/flows/golden/<journey>.yaml.
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { Language } from "../../src/core/appeal/appeal.js";
import type { Effect } from "../../src/engine/effects.js";
import { speakingLanguage } from "../../src/engine/speaking-language.js";
import { Chat, shippedEngine, type EngineFixture } from "../support/engine-fixture.js";
import { journeysFolder, loadJourneys, toInbound, type Input } from "./journeys.js";

const folder = journeysFolder;
const update = process.env["UPDATE_GOLDEN"] === "1";
const journeys = await loadJourneys();
let engine: EngineFixture;

beforeAll(async () => {
  engine = await shippedEngine();
});

describe("golden conversations", () => {
  it("has every journey in Kazakh and in Russian", () => {
    const names = journeys.map((journey) => journey.name);
    for (const base of new Set(names.map((name) => name.split(".")[0]))) {
      expect(names, `journey ${base} needs a Kazakh and a Russian version`).toEqual(expect.arrayContaining([`${base}.kk`, `${base}.ru`]));
    }
  });

  for (const journey of journeys) {
    it(journey.name, async () => {
      const chat = new Chat(engine, journey.sender ?? {});
      chat.awaitingClarification = journey.awaiting;
      chat.savedApplicant = journey.saved;
      const transcript: { in: Input; out: unknown[] }[] = [];
      for (const input of journey.steps) {
        if (typeof input === "object" && "wait_hours" in input) {
          chat.now = new Date(chat.now.getTime() + Number(input["wait_hours"]) * 3_600_000);
          continue;
        }
        const language = speakingLanguage(chat.conversation?.language ?? null, journey.sender ?? {});
        const effects = chat.send(toInbound(input));
        expect(effects.some((effect) => effect.type === "send"), `no message after ${JSON.stringify(input)}`).toBe(true);
        transcript.push({ in: input, out: rendered(effects, language) });
      }
      const path = join(folder, "golden", `${journey.name}.yaml`);
      if (update) await writeFile(path, stringify({ journey: journey.name, steps: transcript }, { lineWidth: 0 }));
      expect(existsSync(path), `no golden file for ${journey.name}: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
      const golden = parse(await readFile(path, "utf8")) as { steps: unknown[] };
      expect(transcript).toEqual(golden.steps);
    });
  }
});

/** The effects as a reviewer reads them: each message also as the citizen sees it, in the language in force. */
function rendered(effects: readonly Effect[], initial: Language): unknown[] {
  let language = initial;
  return effects.map((effect) => {
    if (effect.type === "set_language") language = effect.language;
    if (effect.type !== "send") return compact(effect);
    return { ...(compact(effect) as object), text: engine.translator.render(effect.message.text, language) };
  });
}

/** An effect as a reviewer reads it in a golden file. */
function compact(effect: Effect): unknown {
  switch (effect.type) {
    case "set_language":
      return { set_language: effect.language };
    case "action":
      return { action: effect.action, input: effect.input, ...(effect.done ? { done: effect.done } : {}) };
    case "send": {
      const { text, choices, request } = effect.message;
      return {
        ...("key" in text ? { say: text.key, ...(text.params && Object.keys(text.params).length > 0 ? { params: text.params } : {}) } : { say_plain: text.plain }),
        ...(choices ? { choices: choices.map((choice) => choice.id) } : {}),
        ...(request ? { request } : {}),
      };
    }
  }
}
