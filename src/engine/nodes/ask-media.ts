import { doneButton, inputOf, readButtons } from "../choices.js";
import type { Choice } from "../effects.js";
import type { NodeOf } from "../flow-schema.js";
import { doneWords, skipWords } from "./answer-words.js";
import { locationRequestChoice, mapPointOf } from "./map-point.js";
import type { InputHandler } from "./outcome.js";
import { savedAttachment, savedList } from "./saved-attachment.js";

// With a map point asked too, "2" is the done button, after the location request, as the citizen sees them.
const withPointRequest: readonly Choice[] = [locationRequestChoice, doneButton];

/** Collects optional photos, voice notes, videos and documents (and, with `location_into`, a map point) until the citizen says done. */
export const askMediaHandler: InputHandler<NodeOf<"ask_media">> = {
  prompt: (node) => ({
    text: { key: node.prompt, params: { max: node.max } },
    choices: [doneButton],
    ...(node.location_into === undefined ? {} : { request: "location" as const }),
  }),
  answer: (node, view, inbound) => {
    const { data } = view.conversation;
    // Files sent before the question (a photo at the menu) join the collection, once.
    const carried = node.carry === undefined ? [] : savedList(data[node.carry]);
    const collected = [...carried, ...savedList(data[node.save_as])];
    const cleared = node.carry === undefined ? {} : { [node.carry]: null };
    if (inbound.type === "media") {
      if (collected.length >= node.max) return { type: "retry", hint: "common:hint.media_limit", params: { max: node.max, count: node.max } };
      const attachments = [...collected, savedAttachment(inbound.attachment)];
      return { type: "stay", save: { [node.save_as]: attachments, ...cleared }, ack: "common:hint.media_received", params: { count: attachments.length } };
    }
    // A map point shared here is kept beside the files (one optional step for both).
    const point = mapPointOf(inbound);
    if (point && node.location_into !== undefined) return { type: "stay", save: { [node.location_into]: point }, ack: "common:hint.location_received" };
    const input = inputOf(inbound);
    const shown = node.location_into === undefined ? [doneButton] : withPointRequest;
    const pressed = readButtons(input, shown, view.context, { done: [...doneWords, ...skipWords] });
    if (pressed === "done") return { type: "advance", save: { [node.save_as]: collected, ...cleared } };
    return { type: "retry", hint: pressed === "request" ? "common:hint.location_with_files" : "common:hint.media_expected" };
  },
};
