import { routeAppeal } from "../../core/reference/route-appeal.js";
import type { Message } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { foldText } from "../fold-text.js";
import type { InputHandler, NodeView } from "./outcome.js";

type SuggestNode = NodeOf<"suggest_agency">;

const yesWords = new Set(["1", "иа", "иә", "да", "ok", "ок", "жарайды", "хорошо", "верно", "дурыс"].map(foldText));
const otherWords = new Set(["2", "баска", "другой", "другое", "иное"].map(foldText));

/**
 * Proposes the agency that routing chose for the category and region; the citizen
 * confirms it or picks another (the `change` node).
 */
export const suggestAgencyHandler: InputHandler<SuggestNode> = {
  prompt: (node, view): Message => {
    const agencyId = suggested(view);
    const agency = view.context.reference.agencies.find((candidate) => candidate.id === agencyId);
    return {
      text: { key: node.prompt, params: { agency: agency?.name[view.language] ?? "" } },
      choices: [
        { id: "yes", label: { key: "common:choice.agency_ok" } },
        { id: "other", label: { key: "common:choice.agency_other" } },
      ],
    };
  },
  answer: (node, view, inbound) => {
    const said = inbound.type === "choice" ? inbound.payload : inbound.type === "text" ? foldText(inbound.text) : "";
    const agencyId = suggested(view);
    if ((said === "yes" || yesWords.has(said)) && agencyId) return { type: "advance", save: { [node.save_as]: agencyId } };
    if (said === "other" || otherWords.has(said) || !agencyId) return { type: "advance", save: {}, to: node.change };
    return { type: "retry", hint: "common:hint.choose" };
  },
};

function suggested(view: NodeView): string | undefined {
  const { categoryId, regionId } = view.conversation.data;
  if (typeof categoryId !== "string" || typeof regionId !== "string") return undefined;
  return routeAppeal(view.context.reference.routing, categoryId, regionId);
}
