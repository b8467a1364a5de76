import type { NodeOf } from "../flow-schema.js";
import { foldText } from "../fold-text.js";
import type { InputHandler } from "./outcome.js";
import { savedAttachment, savedList } from "./saved-attachment.js";

const doneWords = new Set(["0", "done", "дайын", "болды", "готово", "все", "всё", "skip", "откизу", "пропустить", "жок", "нет"].map(foldText));

/** Collects optional photos, voice notes, videos and documents until the citizen says done. */
export const askMediaHandler: InputHandler<NodeOf<"ask_media">> = {
  prompt: (node) => ({ text: { key: node.prompt, params: { max: node.max } }, choices: [{ id: "done", label: { key: "common:choice.done" } }] }),
  answer: (node, view, inbound) => {
    const collected = savedList(view.conversation.data[node.save_as]);
    if (inbound.type === "media") {
      if (collected.length >= node.max) return { type: "retry", hint: "common:hint.media_limit", params: { max: node.max, count: node.max } };
      const attachments = [...collected, savedAttachment(inbound.attachment)];
      return { type: "stay", save: { [node.save_as]: attachments }, ack: "common:hint.media_received", params: { count: attachments.length } };
    }
    const said = inbound.type === "choice" ? inbound.payload : inbound.type === "text" ? foldText(inbound.text) : "";
    if (said === "done" || doneWords.has(said)) return { type: "advance", save: { [node.save_as]: collected } };
    return { type: "retry", hint: "common:hint.media_expected" };
  },
};
