import { languages } from "../core/appeal/appeal.js";
import { engineTextKeys } from "./engine-texts.js";
import type { Flow, FlowNode } from "./flow-schema.js";
import { nodeTargets, nodeTextKeys } from "./flow-targets.js";
import { placeholdersOf, textsOf, type LocaleResources } from "./locale-resources.js";
import { isAutoNode } from "./nodes/auto.js";
import { previewLength } from "./params-of.js";

/** One problem in the flows or their texts, saying where it is and how to fix it. */
export type FlowProblem = Readonly<{ code: string; flowId: string; nodeId: string | null; message: string }>;

/** The longest a rendered prompt may be: a few lines on an old phone. */
export const maxPromptLength = 400;

/** Flows the engine enters by itself. */
export const requiredFlows = ["welcome", "menu", "language", "consent"] as const;

// Values a placeholder takes when a text's length is checked: a description preview is
// as long as it may get, names are middling, numbers and codes have their real length.
const sampleLength: Readonly<Record<string, number>> = {
  text: previewLength + 1,
  clarification: previewLength + 1,
  comment: previewLength + 1,
  iin: 12,
  phone: 12,
  attachmentsCount: 2,
  count: 4,
  max: 4,
  number: 15,
  date: 10,
  time: 5,
  deadline: 10,
  mapPoint: 18,
  // Lines of reference data (names, and hints of at most 80 characters each), bounded by its own checks.
  hints: 0,
};
const defaultSampleLength = 28;

/**
 * The semantic checks after the schema: every target exists, every node is reachable,
 * nothing dead-ends, no loop runs without asking, and every text exists in Kazakh and
 * Russian with the same placeholders, plural forms and a sensible length. `hostTextKeys`
 * are texts the host renders itself (lists, details), checked the same way.
 */
export function checkFlows(flows: readonly Flow[], resources: LocaleResources, hostTextKeys: readonly string[] = []): FlowProblem[] {
  const byId = new Map<string, Flow>();
  const problems: FlowProblem[] = [];
  for (const flow of flows) {
    if (byId.has(flow.id)) problems.push(problem("duplicate_flow", flow.id, null, `Flow id '${flow.id}' is used by two files; rename one.`));
    byId.set(flow.id, flow);
  }
  for (const id of requiredFlows) {
    if (!byId.has(id)) problems.push(problem("missing_flow", id, null, `The engine needs a flow '${id}'; add flows/${id}.yaml.`));
  }
  for (const flow of flows) problems.push(...checkGraph(flow, byId), ...checkTexts(flow, resources));
  problems.push(...checkKeys("(engine)", null, engineTextKeys, resources), ...checkKeys("(host)", null, hostTextKeys, resources));
  return problems;
}

function checkGraph(flow: Flow, flows: ReadonlyMap<string, Flow>): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const nodes = flow.nodes;
  if (!nodes[flow.start]) problems.push(problem("missing_start", flow.id, null, `Flow '${flow.id}' starts at '${flow.start}', which is not one of its nodes; fix 'start'.`));
  for (const [nodeId, node] of Object.entries(nodes)) {
    for (const target of nodeTargets(node)) {
      if (!nodes[target]) problems.push(problem("missing_node", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' leads to '${target}', which does not exist; add the node or fix the target.`));
    }
    for (const field of node.type === "summary" ? node.fields : []) {
      if (field.until && !nodes[field.until]) problems.push(problem("missing_node", flow.id, nodeId, `Summary field '${field.field}' of node '${nodeId}' in flow '${flow.id}' rejoins at '${field.until}', which does not exist; fix 'until'.`));
    }
    if (node.type === "goto" && !flows.has(node.flow)) problems.push(problem("missing_flow", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' jumps to flow '${node.flow}', which does not exist.`));
    if (node.type === "choose" && !node.next) {
      const unrouted = node.options_from ? ["(options from reference data)"] : (node.options ?? []).filter((option) => !node.routes?.[option.id]).map((option) => option.id);
      if (unrouted.length > 0) problems.push(problem("dead_end", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' has no 'next' and no route for ${unrouted.join(", ")}; add 'next' or a route for each option.`));
    }
    if (node.type === "choose" && node.routes && node.options) {
      for (const option of Object.keys(node.routes)) {
        if (!node.options.some((candidate) => candidate.id === option)) problems.push(problem("unknown_option", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' routes option '${option}', which it does not offer; remove the route or add the option.`));
      }
    }
  }
  for (const [nodeId, node] of Object.entries(nodes)) {
    // "Enter other details" must lead, question by question, to where "use these" goes.
    if (node.type === "saved_details" && nodes[node.use] && nodes[node.next] && !reachableFrom(flow, node.next).has(node.use)) {
      problems.push(problem("saved_details_apart", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' uses saved details at '${node.use}', which the questions from '${node.next}' never reach; lead them on to '${node.use}'.`));
    }
  }
  const reachable = reachableFrom(flow, flow.start);
  for (const nodeId of Object.keys(nodes)) {
    if (!reachable.has(nodeId)) problems.push(problem("unreachable_node", flow.id, nodeId, `Node '${nodeId}' in flow '${flow.id}' cannot be reached from '${flow.start}'; lead to it from another node or remove it.`));
  }
  const loop = silentLoop(flow);
  if (loop) problems.push(problem("silent_loop", flow.id, loop, `Nodes from '${loop}' in flow '${flow.id}' loop without asking the citizen anything; put a question in the loop.`));
  return problems;
}

function reachableFrom(flow: Flow, start: string): Set<string> {
  const seen = new Set<string>();
  const queue = [start];
  while (queue.length > 0) {
    const id = queue.pop() ?? "";
    const node = flow.nodes[id];
    if (seen.has(id) || !node) continue;
    seen.add(id);
    queue.push(...nodeTargets(node));
  }
  return seen;
}

/** A node from which nodes that never wait lead back to themselves, if any. */
function silentLoop(flow: Flow): string | undefined {
  const autoIds = Object.keys(flow.nodes).filter((id) => {
    const node = flow.nodes[id];
    return node !== undefined && isAutoNode(node);
  });
  for (const start of autoIds) {
    const stack = [...nodeTargets(flow.nodes[start] as NonNullable<Flow["nodes"][string]>)];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const id = stack.pop() ?? "";
      if (id === start) return start;
      const node = flow.nodes[id];
      if (seen.has(id) || !node || !isAutoNode(node)) continue;
      seen.add(id);
      stack.push(...nodeTargets(node));
    }
  }
  return undefined;
}

function checkTexts(flow: Flow, resources: LocaleResources): FlowProblem[] {
  return Object.entries(flow.nodes).flatMap(([nodeId, node]) => [...checkKeys(flow.id, nodeId, nodeTextKeys(node), resources), ...checkHints(flow.id, nodeId, node, resources)]);
}

/** Options with hints (categories, or options with a `hint`) show them only through `{{hints}}` in the prompt. */
function checkHints(flowId: string, nodeId: string, node: FlowNode, resources: LocaleResources): FlowProblem[] {
  if (node.type !== "choose" || (node.options_from !== "categories" && !node.options?.some((option) => option.hint))) return [];
  const without = languages.filter((language) => {
    const texts = [...textsOf(resources, language, node.prompt).values()];
    return texts.length > 0 && !texts.some((text) => placeholdersOf(text).has("hints"));
  });
  if (without.length === 0) return [];
  const where = without.map((language) => `locales/${language}`).join(" and ");
  return [problem("hints_not_shown", flowId, nodeId, `Node '${nodeId}' in flow '${flowId}' offers options with hints, but its prompt '${node.prompt}' in ${where} has no {{hints}}; add it where the hints should go.`)];
}

function checkKeys(flowId: string, nodeId: string | null, keys: readonly string[], resources: LocaleResources): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const where = nodeId ? `node '${nodeId}' of flow '${flowId}'` : "the engine";
  for (const key of keys) {
    const [kk, ru] = languages.map((language) => textsOf(resources, language, key));
    for (const [language, texts] of [["kk", kk], ["ru", ru]] as const) {
      if (!texts || texts.size === 0) problems.push(problem("missing_text", flowId, nodeId, `Text '${key}' used by ${where} is missing in locales/${language}; add it.`));
    }
    if (!kk || !ru || kk.size === 0 || ru.size === 0) continue;
    problems.push(...comparePlaceholders(flowId, nodeId, where, key, kk, ru), ...checkPlurals(flowId, nodeId, where, key, ru), ...checkLengths(flowId, nodeId, where, key, [kk, ru]));
  }
  return problems;
}

function comparePlaceholders(flowId: string, nodeId: string | null, where: string, key: string, kk: Map<string, string>, ru: Map<string, string>): FlowProblem[] {
  const names = (texts: Map<string, string>) => [...new Set([...texts.values()].flatMap((text) => [...placeholdersOf(text)]))].sort().join(", ");
  const [inKk, inRu] = [names(kk), names(ru)];
  if (inKk === inRu) return [];
  return [problem("placeholder_mismatch", flowId, nodeId, `Text '${key}' used by ${where} has placeholders {${inKk}} in Kazakh but {${inRu}} in Russian; use the same in both.`)];
}

function checkPlurals(flowId: string, nodeId: string | null, where: string, key: string, ru: Map<string, string>): FlowProblem[] {
  const leaf = key.split(".").pop()?.split(":").pop() ?? "";
  const forms = [...ru.keys()].filter((name) => name !== leaf).map((name) => name.slice(leaf.length + 1));
  if (forms.length === 0) return [];
  const missing = ["one", "few", "many", "other"].filter((form) => !forms.includes(form));
  if (missing.length === 0) return [];
  return [problem("plural_forms", flowId, nodeId, `Russian text '${key}' used by ${where} is plural but lacks ${missing.map((form) => `_${form}`).join(", ")}; add them: Russian needs one, few, many and other.`)];
}

function checkLengths(flowId: string, nodeId: string | null, where: string, key: string, languageTexts: readonly Map<string, string>[]): FlowProblem[] {
  const problems: FlowProblem[] = [];
  languageTexts.forEach((texts, index) => {
    for (const text of texts.values()) {
      const rendered = text.replace(/\{\{\s*([\w.]+)[^}]*\}\}/g, (_match, name: string) => "x".repeat(sampleLength[name] ?? defaultSampleLength));
      if (rendered.length > maxPromptLength) {
        problems.push(problem("too_long", flowId, nodeId, `Text '${key}' used by ${where} renders to ${rendered.length} characters in locales/${languages[index]} (over ${maxPromptLength}); shorten it or split it.`));
      }
    }
  });
  return problems;
}

function problem(code: string, flowId: string, nodeId: string | null, message: string): FlowProblem {
  return { code, flowId, nodeId, message };
}
