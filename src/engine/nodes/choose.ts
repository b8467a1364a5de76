import { hintLines, inputOf, matchChoice, optionsOf, pageOf } from "../choices.js";
import type { NodeOf } from "../flow-schema.js";
import type { InputHandler } from "./outcome.js";

type ChooseNode = NodeOf<"choose">;

/** Offers options as buttons (numbered lines on WhatsApp), a page at a time. */
export const chooseHandler: InputHandler<ChooseNode> = {
  prompt: (node, view) => {
    const options = optionsOf(node, view.context, view.conversation.data, view.language);
    const { shown, choices } = pageOf(options, view.conversation.page);
    const hints = hintLines(shown, view.context, view.language);
    return hints ? { text: { key: node.prompt, params: { hints } }, choices, listedChoices: shown.length } : { text: { key: node.prompt }, choices };
  },
  // A list with nothing in it (a region without districts on file) is not a question.
  preanswer: (node, view) => (optionsOf(node, view.context, view.conversation.data, view.language).length === 0 ? { type: "advance", save: {} } : undefined),
  answer: (node, view, inbound) => {
    const options = optionsOf(node, view.context, view.conversation.data, view.language);
    const input = inputOf(inbound);
    const match = matchChoice(input, options, view.conversation.page);
    if (match.type === "page") return { type: "stay", page: pageOf(options, view.conversation.page + match.delta).page };
    if (match.type === "none") return { type: "retry", hint: "common:hint.choose" };
    const to = node.routes?.[match.id];
    return { type: "advance", save: { [node.save_as]: match.id }, ...(to ? { to } : {}) };
  },
};
