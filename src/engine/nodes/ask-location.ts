import { inputOf, readButtons } from "../choices.js";
import type { Choice } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { skipWords } from "./answer-words.js";
import { locationRequestChoice, mapPointOf } from "./map-point.js";
import type { InputHandler } from "./outcome.js";

const buttons: readonly Choice[] = [{ id: "skip", label: { key: "common:choice.skip" } }];
// "2" is the skip button, after the location request, as the citizen sees them.
const asShown: readonly Choice[] = [locationRequestChoice, ...buttons];

/** Asks for an optional location; the citizen may skip it. */
export const askLocationHandler: InputHandler<NodeOf<"ask_location">> = {
  prompt: (node) => ({ text: { key: node.prompt }, request: "location", choices: buttons }),
  answer: (node, view, inbound) => {
    const point = mapPointOf(inbound);
    if (point) return { type: "advance", save: { [node.save_as]: point } };
    const input = inputOf(inbound);
    if (readButtons(input, asShown, view.context, { skip: skipWords }) === "skip") return { type: "advance", save: {} };
    return { type: "retry", hint: "common:hint.location" };
  },
};
