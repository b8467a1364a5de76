import type { Language } from "../../core/appeal/appeal.js";
import { languages } from "../../core/appeal/appeal.js";
import { actionInput } from "../action-input.js";
import type { Effect } from "../effects.js";
import type { FlowNode, NodeOf } from "../flow-schema.js";
import { paramsOf } from "../params-of.js";
import type { AutoResult, NodeView } from "./outcome.js";

export type AutoNode = NodeOf<"say"> | NodeOf<"branch"> | NodeOf<"goto"> | NodeOf<"action">;

/** True for nodes that run without waiting for the citizen. */
export function isAutoNode(node: FlowNode): node is AutoNode {
  return node.type === "say" || node.type === "branch" || node.type === "goto" || node.type === "action";
}

const onward = (next: string | undefined): AutoResult["to"] => (next ? { node: next } : { end: true });

/** Runs a node that does not wait: says something, branches, jumps, or asks the host to act. */
export function runAutoNode(node: AutoNode, view: NodeView): AutoResult {
  switch (node.type) {
    case "say":
      return { effects: [{ type: "send", message: { text: { key: node.text, params: paramsOf(view.conversation, view.context, view.language) } } }], to: onward(node.next) };
    case "branch": {
      const value = view.conversation.data[node.field];
      const target = typeof value === "string" || typeof value === "number" || typeof value === "boolean" ? node.cases[String(value)] : undefined;
      return { effects: [], to: { node: target ?? node.default } };
    }
    case "goto":
      return { effects: [], to: { flow: node.flow } };
    case "action":
      return { effects: actionEffects(node, view), to: onward(node.next) };
  }
}

function actionEffects(node: NodeOf<"action">, view: NodeView): Effect[] {
  if (node.action === "set_language") {
    const chosen = view.conversation.data["language"];
    const language: Language = languages.find((candidate) => candidate === chosen) ?? view.language;
    return [{ type: "set_language", language }];
  }
  const input = actionInput(node.action, view.conversation.data, view.language, view.context.reference);
  // An appeal is identified by its draft (the message that started the flow), so it is submitted once.
  if (node.action === "submit_appeal") input["draftKey"] = view.conversation.startedBy;
  return [{ type: "action", action: node.action, input, ...(node.done ? { done: node.done } : {}) }];
}
