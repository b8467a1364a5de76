// How many messages a citizen sends for an appeal, counted on the golden journeys
// (journeys.yaml) as the golden test replays them: a first appeal within 12 turns from
// the first message to the coupon, language and consent included; a returning
// citizen's with one description and nothing else typed but button taps and digits.
import { beforeAll, describe, expect, it } from "vitest";
import { Chat, shippedEngine, type EngineFixture } from "../support/engine-fixture.js";
import { loadJourneys, toInbound, type Input, type Journey } from "./journeys.js";

const journeys = await loadJourneys();
const journey = (name: string): Journey => {
  const found = journeys.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no journey ${name}`);
  return found;
};

/** The most turns a first appeal may take, from the first message to the coupon. */
const maxFirstAppealTurns = 12;

let engine: EngineFixture;
beforeAll(async () => {
  engine = await shippedEngine();
});

/** Replays a journey; returns the turn after which the appeal was submitted (1-based), if it was. */
function submittedAt(played: Journey): number | undefined {
  const chat = new Chat(engine, played.sender ?? {});
  chat.savedApplicant = played.saved;
  for (const [index, input] of played.steps.entries()) {
    const effects = chat.send(toInbound(input));
    if (effects.some((effect) => effect.type === "action" && effect.action === "submit_appeal")) return index + 1;
  }
  return undefined;
}

/** The turns after the consent: a returning citizen starts at the menu. */
function afterConsent(played: Journey): Input[] {
  const consent = played.steps.findIndex((input) => typeof input === "object" && input["press"] === "agree");
  return played.steps.slice(consent + 1);
}

const isTapOrDigits = (input: Input): boolean => typeof input === "object" && ("press" in input || /^\d{1,2}\.?$/.test(String(input["text"])));

describe("turns a citizen takes", () => {
  it.each(["first_appeal.kk", "first_appeal.ru"])("%s: a first appeal is submitted within 12 turns, language and consent included", (name) => {
    const played = journey(name);
    expect(played.steps.length).toBeLessThanOrEqual(maxFirstAppealTurns);
    expect(submittedAt(played)).toBe(played.steps.length);
  });

  it.each(["second_appeal.kk", "second_appeal.ru"])("%s: a second appeal with saved details is one description, then taps and digits only", (name) => {
    const played = journey(name);
    const turns = afterConsent(played);
    expect(submittedAt(played)).toBe(played.steps.length);
    expect(turns.filter((input) => !isTapOrDigits(input))).toEqual([{ text: expect.stringMatching(/\S{3,}(\s+\S+){3,}/) as unknown }]);
    expect(turns.length).toBeLessThanOrEqual(8);
  });
});

