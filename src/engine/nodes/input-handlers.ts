import type { FlowNode } from "../flow-schema.js";
import { askContactHandler } from "./ask-contact.js";
import { askLocationHandler } from "./ask-location.js";
import { askMediaHandler } from "./ask-media.js";
import { askHandler } from "./ask.js";
import { chooseHandler } from "./choose.js";
import type { AutoNode } from "./auto.js";
import type { InputHandler } from "./outcome.js";
import { savedDetailsHandler } from "./saved-details.js";
import { suggestAgencyHandler } from "./suggest-agency.js";
import { summaryHandler } from "./summary.js";

export type InputNode = Exclude<FlowNode, AutoNode>;

const handlers: { [T in InputNode["type"]]: InputHandler<Extract<InputNode, { type: T }>> } = {
  ask: askHandler,
  choose: chooseHandler,
  suggest_agency: suggestAgencyHandler,
  ask_contact: askContactHandler,
  ask_location: askLocationHandler,
  ask_media: askMediaHandler,
  saved_details: savedDetailsHandler,
  summary: summaryHandler,
};

/** The handler of a node that waits for the citizen. */
export function inputHandler<N extends InputNode>(node: N): InputHandler<N> {
  return handlers[node.type] as unknown as InputHandler<N>;
}
