import { inputOf, readButtons } from "../choices.js";
import type { Choice, Message } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { paramsOf } from "../params-of.js";
import { yesWords } from "./answer-words.js";
import type { InputHandler, NodeView } from "./outcome.js";

type SummaryNode = NodeOf<"summary">;

// The summary has two faces: the summary itself (page 0) and the list of fields to edit (page 1).
const editing = 1;
const summaryButtons: readonly Choice[] = [
  { id: "confirm", label: { key: "common:choice.confirm" } },
  { id: "edit", label: { key: "common:choice.edit" } },
];
const summaryWords = { confirm: [...yesWords, "растаймын", "подтверждаю", "жіберу", "отправить"], edit: ["түзету", "өзгерту", "изменить", "исправить"] };

const fieldButtons = (node: SummaryNode): Choice[] => [
  ...node.fields.map((field, index) => ({ id: `e${index}`, label: { key: field.label } })),
  { id: "s", label: { key: "common:choice.to_summary" } },
];

/** Shows everything collected; the citizen confirms, or picks a field to change and comes back here. */
export const summaryHandler: InputHandler<SummaryNode> = {
  prompt: (node, view): Message =>
    view.conversation.page === editing
      ? { text: { key: "common:summary.which_field" }, choices: fieldButtons(node) }
      : { text: { key: node.prompt, params: paramsOf(view.conversation, view.context, view.language) }, choices: summaryButtons },
  answer: (node, view, inbound) => {
    const input = inputOf(inbound);
    return view.conversation.page === editing ? answerEditing(node, view, input) : answerSummary(view, input);
  },
};

function answerSummary(view: NodeView, input: { payload?: string; text?: string }) {
  const said = readButtons(input, summaryButtons, view.context, summaryWords);
  if (said === "confirm") return { type: "advance", save: {} } as const;
  if (said === "edit") return { type: "stay", page: editing } as const;
  return { type: "retry", hint: "common:hint.choose" } as const;
}

function answerEditing(node: SummaryNode, view: NodeView, input: { payload?: string; text?: string }) {
  const said = readButtons(input, fieldButtons(node), view.context);
  if (said === "s") return { type: "stay", page: 0 } as const;
  const field = said === undefined ? undefined : node.fields[Number(said.slice(1))];
  if (!field) return { type: "retry", hint: "common:hint.choose" } as const;
  return { type: "advance", save: {}, to: field.edit, returnHere: true, ...(field.until ? { returnAt: field.until } : {}) } as const;
}
