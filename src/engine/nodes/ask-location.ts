import type { NodeOf } from "../flow-schema.js";
import { foldText } from "../fold-text.js";
import type { InputHandler } from "./outcome.js";

const skipWords = new Set(["0", "skip", "откизу", "откизип жиберу", "пропустить", "нет", "жок"].map(foldText));

/** Asks for an optional location; the citizen may skip it. */
export const askLocationHandler: InputHandler<NodeOf<"ask_location">> = {
  prompt: (node) => ({ text: { key: node.prompt }, request: "location", choices: [{ id: "skip", label: { key: "common:choice.skip" } }] }),
  answer: (node, _view, inbound) => {
    if (inbound.type === "location") {
      const { latitude, longitude } = inbound;
      // NaN passes every comparison, so ask for what is valid rather than rule out what is not.
      if (!(Math.abs(latitude) <= 90 && Math.abs(longitude) <= 180)) return { type: "retry", hint: "common:hint.location" };
      return { type: "advance", save: { [node.save_as]: { latitude, longitude } } };
    }
    const said = inbound.type === "choice" ? inbound.payload : inbound.type === "text" ? foldText(inbound.text) : "";
    if (said === "skip" || skipWords.has(said)) return { type: "advance", save: {} };
    return { type: "retry", hint: "common:hint.location" };
  },
};
