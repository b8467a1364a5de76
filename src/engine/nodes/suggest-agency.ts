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
  prompt: (node, view): Message => {
    const agency = view.context.reference.agencies.find((candidate) => candidate.id === suggested(view));
    return { text: { key: node.prompt, params: { agency: agency?.name[view.language] ?? "" } }, choices: buttons };
  },
  // Without a route there is nothing to suggest: the citizen picks the agency.
  preanswer: (node, view) => (suggested(view) ? undefined : { type: "advance", save: {}, to: node.change }),
  answer: (node, view, inbound) => {
    const input = inputOf(inbound);
    const said = readButtons(input, buttons, view.context, { yes: yesWords, other: ["басқа", "другой", "другое", "иной"] });
    const agencyId = suggested(view);
    if (said === "yes" && agencyId) return { type: "advance", save: { [node.save_as]: agencyId } };
    if (said === "other") return { type: "advance", save: {}, to: node.change };
    return { type: "retry", hint: "common:hint.choose" };
  },
};

function suggested(view: NodeView): string | undefined {
  const { categoryId, regionId } = view.conversation.data;
  if (typeof categoryId !== "string" || typeof regionId !== "string") return undefined;
  return routeAppeal(view.context.reference.routing, categoryId, regionId);
}
