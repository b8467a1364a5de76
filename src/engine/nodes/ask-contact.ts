import type { NodeOf } from "../flow-schema.js";
import type { InputHandler } from "./outcome.js";

/**
 * Asks the citizen to share their own number through the platform: a number the
 * platform vouches for stands in for a signature, so a typed number is not enough.
 */
export const askContactHandler: InputHandler<NodeOf<"ask_contact">> = {
  prompt: (node) => ({ text: { key: node.prompt }, request: "contact" }),
  // On WhatsApp the account is the number: the channel vouches for it, nothing to ask.
  preanswer: (node, view) => {
    const phone = view.context.sender.verifiedPhone;
    return phone ? { type: "advance", save: { [node.save_as]: normalizePhone(phone) } } : undefined;
  },
  answer: (node, _view, inbound) => {
    if (inbound.type !== "contact") return { type: "retry", hint: "common:hint.share_contact" };
    if (!inbound.own) return { type: "retry", hint: "common:hint.own_contact" };
    return { type: "advance", save: { [node.save_as]: normalizePhone(inbound.phone) } };
  },
};

function normalizePhone(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  return `+${digits}`;
}
