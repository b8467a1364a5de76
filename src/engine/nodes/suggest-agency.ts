import { routeAppeal } from "../../core/reference/route-appeal.js";
import { inputOf, readButtons } from "../choices.js";
import type { Choice, Message } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { yesWords } from "./answer-words.js";
import type { InputHandler, NodeView } from "./outcome.js";

type SuggestNode = NodeOf<"suggest_agency">;

const buttons: readonly Choice[] = [
  { id: "yes", label: { key: "common:choice.agency_ok" } },
  { id: "other", label: { key: "common:choice.agency_other" } },
];

/**
 * Proposes the agency that routing chose for the category and region; the citizen
 * confirms it or picks another (the `change` node).
 */
export const suggestAgencyHandler: InputHandler<SuggestNode> = {
  prompt: (node, view): Message => ({ text: { key: node.prompt, params: { agency: agencyName(view) } }, choices: buttons }),
  // Without a route there is nothing to suggest: the citizen picks the agency. Without `confirm`, the route is taken and said.
  preanswer: (node, view) => {
    const agencyId = suggested(view);
    if (!agencyId) return { type: "advance", save: {}, to: node.change };
    return node.confirm ? undefined : { type: "advance", save: { [node.save_as]: agencyId }, ack: node.prompt, params: { agency: agencyName(view) } };
  },
  answer: (node, view, inbound) => {
    const input = inputOf(inbound);
    const said = readButtons(input, buttons, view.context, { yes: yesWords, other: ["басқа", "другой", "другое", "иной"] });
    const agencyId = suggested(view);
    if (said === "yes" && agencyId) return { type: "advance", save: { [node.save_as]: agencyId } };
    if (said === "other") return { type: "advance", save: {}, to: node.change };
    return { type: "retry", hint: "common:hint.choose" };
  },
};

function agencyName(view: NodeView): string {
  return view.context.reference.agencies.find((candidate) => candidate.id === suggested(view))?.name[view.language] ?? "";
}

function suggested(view: NodeView): string | undefined {
  const { categoryId, regionId } = view.conversation.data;
  if (typeof categoryId !== "string" || typeof regionId !== "string") return undefined;
  return routeAppeal(view.context.reference.routing, categoryId, regionId);
}
