import type { Applicant } from "../../core/appeal/appeal.js";
import { maskIin } from "../../core/iin.js";
import { inputOf, readButtons } from "../choices.js";
import type { Choice, Message } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { yesWords } from "./answer-words.js";
import type { InputHandler } from "./outcome.js";

type SavedDetailsNode = NodeOf<"saved_details">;

const buttons: readonly Choice[] = [
  { id: "use", label: { key: "common:choice.use_saved" } },
  { id: "other", label: { key: "common:choice.enter_other" } },
];
const words = { use: yesWords, other: ["басқа", "другие", "другое", "жаңа", "новые"] };

/**
 * Offers the details saved from the citizen's last appeal in one question, so a returning
 * citizen taps once instead of typing a name, an IIN and an address again.
 */
export const savedDetailsHandler: InputHandler<SavedDetailsNode> = {
  prompt: (node, view): Message => {
    const saved = view.context.savedApplicant;
    const params = saved ? { fullName: saved.fullName, iin: maskIin(saved.iin), phone: saved.phone, postalAddress: saved.postalAddress } : {};
    return { text: { key: node.prompt, params }, choices: buttons };
  },
  // Nothing saved (a first appeal, or forgotten since): the details are asked one by one.
  preanswer: (_node, view) => (view.context.savedApplicant ? undefined : { type: "advance", save: {} }),
  answer: (node, view, inbound) => {
    const saved = view.context.savedApplicant;
    const said = readButtons(inputOf(inbound), buttons, view.context, words);
    if (said === "use" && saved) return { type: "advance", save: detailsOf(saved), to: node.use };
    if (said === "other") return { type: "advance", save: {} };
    return { type: "retry", hint: "common:hint.choose" };
  },
};

/** The saved details under the names the applicant's questions save them as. */
function detailsOf(applicant: Applicant): Record<string, string> {
  return { fullName: applicant.fullName, iin: applicant.iin, phone: applicant.phone, postalAddress: applicant.postalAddress };
}
