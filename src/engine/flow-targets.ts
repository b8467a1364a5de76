import type { FlowNode } from "./flow-schema.js";

/** The nodes of the same flow that a node can lead to. */
export function nodeTargets(node: FlowNode): string[] {
  switch (node.type) {
    case "branch":
      return [...Object.values(node.cases), node.default];
    case "choose":
      return [...Object.values(node.routes ?? {}), ...(node.next ? [node.next] : [])];
    case "suggest_agency":
      return [node.next, node.change];
    case "summary":
      return [node.next, ...node.fields.map((field) => field.edit)];
    case "saved_details":
      return [node.next, node.use];
    case "goto":
      return [];
    default:
      return node.next ? [node.next] : [];
  }
}

/** The text keys a node shows. */
export function nodeTextKeys(node: FlowNode): string[] {
  switch (node.type) {
    case "say":
      return [node.text];
    case "branch":
    case "goto":
      return [];
    case "action":
      return node.done ? [node.done] : [];
    case "choose":
      return [node.prompt, ...(node.options ?? []).flatMap((option) => [option.label, ...(option.hint ? [option.hint] : [])])];
    case "summary":
      return [node.prompt, ...node.fields.map((field) => field.label)];
    case "ask":
      return [node.prompt, ...(node.buttons ?? []).map((command) => `common:command.${command}`)];
    default:
      return [node.prompt];
  }
}
