import type { Message } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { foldText } from "../fold-text.js";
import { paramsOf } from "../params-of.js";
import type { InputHandler } from "./outcome.js";

type SummaryNode = NodeOf<"summary">;

// The summary has two faces: the summary itself (page 0) and the list of fields to edit (page 1).
const editing = 1;
const confirmWords = new Set(["1", "иа", "да", "растаимын", "подтверждаю", "жиберу", "отправить"].map(foldText));
const editWords = new Set(["2", "тузету", "изменить", "исправить"].map(foldText));

/** Shows everything collected; the citizen confirms, or picks a field to change and comes back here. */
export const summaryHandler: InputHandler<SummaryNode> = {
  prompt: (node, view): Message => {
    if (view.conversation.page === editing) {
      const choices = node.fields.map((field, index) => ({ id: `e${index}`, label: { key: field.label } }));
      return { text: { key: "common:summary.which_field" }, choices: [...choices, { id: "s", label: { key: "common:choice.to_summary" } }] };
    }
    return {
      text: { key: node.prompt, params: paramsOf(view.conversation, view.context, view.language) },
      choices: [
        { id: "confirm", label: { key: "common:choice.confirm" } },
        { id: "edit", label: { key: "common:choice.edit" } },
      ],
    };
  },
  answer: (node, view, inbound) => {
    const said = inbound.type === "choice" ? inbound.payload : inbound.type === "text" ? foldText(inbound.text) : "";
    if (view.conversation.page === editing) {
      const index = /^e(\d+)$/.exec(said)?.[1] ?? (/^\d+$/.test(said) ? String(Number(said) - 1) : undefined);
      const field = index === undefined ? undefined : node.fields[Number(index)];
      if (field) return { type: "advance", save: {}, to: field.edit, returnHere: true, ...(field.until ? { returnAt: field.until } : {}) };
      if (said === "s" || said === String(node.fields.length + 1)) return { type: "stay", page: 0 };
      return { type: "retry", hint: "common:hint.choose" };
    }
    if (said === "confirm" || confirmWords.has(said)) return { type: "advance", save: {} };
    if (said === "edit" || editWords.has(said)) return { type: "stay", page: editing };
    return { type: "retry", hint: "common:hint.choose" };
  },
};
