import { maxAttachments } from "../../core/appeal/appeal-draft.js";
import { parseAppealNumber } from "../../core/appeal/appeal-number.js";
import { validateIin } from "../../core/iin.js";
import type { SavedValue } from "../../core/ports/conversation-store.js";
import { doneButton, inputOf, readButtons } from "../choices.js";
import { cleanText } from "../fold-text.js";
import type { NodeOf } from "../flow-schema.js";
import type { InputHandler, Outcome } from "./outcome.js";
import { doneWords } from "./answer-words.js";
import { savedAttachment, savedList } from "./saved-attachment.js";

type AskNode = NodeOf<"ask">;

/** Asks for text within length limits, with an optional domain check. */
export const askHandler: InputHandler<AskNode> = {
  prompt: (node) => ({
    text: { key: node.prompt },
    ...(node.buttons ? { choices: node.buttons.map((command) => ({ id: `g:${command}`, label: { key: `common:command.${command}` } })) } : {}),
  }),
  // Text the citizen sent before being asked (at the menu, or as the very first message) answers once.
  preanswer: (node, view) => {
    const carried = node.carry === undefined ? undefined : view.conversation.data[node.carry];
    if (typeof carried !== "string" || node.carry === undefined) return undefined;
    const outcome = checkText(node, carried);
    return outcome.type === "advance" ? { ...outcome, save: { ...outcome.save, [node.carry]: null }, ack: "common:hint.text_carried" } : undefined;
  },
  answer: (node, view, inbound) => {
    if (inbound.type === "media" && inbound.attachment.kind === "voice" && node.voice_into) {
      // Officials listen to it; the written answer says where the substance is.
      const voices = [...savedList(view.conversation.data[node.voice_into]), savedAttachment(inbound.attachment)];
      return { type: "advance", save: { [node.voice_into]: voices, [node.save_as]: view.context.translate("common:voice_answer", view.language) } };
    }
    if (inbound.type === "media" && node.accept_media) {
      const collected = savedList(view.conversation.data[`${node.save_as}_attachments`]);
      // The same bound as an appeal's files: an answer with files cannot grow the appeal without limit.
      if (collected.length >= maxAttachments) return { type: "retry", hint: "common:hint.media_limit", params: { max: maxAttachments, count: maxAttachments } };
      const attachments = [...collected, savedAttachment(inbound.attachment)];
      const save: Record<string, SavedValue> = { [`${node.save_as}_attachments`]: attachments };
      // A caption that passes the text checks is the answer; otherwise the file is kept and the text still awaited.
      const captioned = inbound.caption === undefined ? undefined : checkText(node, cleanText(inbound.caption));
      if (captioned?.type === "advance") return { type: "advance", save: { ...save, ...captioned.save } };
      return { type: "stay", save, ack: "common:hint.media_received", params: { count: attachments.length } };
    }
    // Files already sent can be the whole answer (a clarification may be a photo): "done" ends it.
    const attached = savedList(view.conversation.data[`${node.save_as}_attachments`]).length > 0;
    const input = inputOf(inbound);
    if (node.accept_media && attached && readButtons(input, [doneButton], view.context, { done: doneWords }) === "done") {
      return { type: "advance", save: { [node.save_as]: "" } };
    }
    if (inbound.type !== "text") return { type: "retry", hint: "common:hint.text_expected" };
    return checkText(node, cleanText(inbound.text));
  },
};

function checkText(node: AskNode, text: string): Outcome {
  if (!/[\p{L}\p{N}]/u.test(text)) return { type: "retry", hint: "common:hint.words_expected" };
  if (text.length < node.min_length) return { type: "retry", hint: "common:hint.too_short", params: { min: node.min_length, count: node.min_length } };
  if (text.length > node.max_length) return { type: "retry", hint: "common:hint.too_long", params: { max: node.max_length, length: text.length, count: node.max_length } };
  switch (node.validate) {
    case "iin": {
      const result = validateIin(text);
      return result.ok ? advance(node, result.iin) : { type: "retry", hint: `common:hint.iin.${result.problem.type}` };
    }
    case "appeal_number": {
      // A line of the list just shown ("2") is as good as the number; the host looks it up.
      const number = parseAppealNumber(text) ?? /^(\d{1,2})\.?$/.exec(text)?.[1];
      return number ? advance(node, number) : { type: "retry", hint: "common:hint.appeal_number" };
    }
    case "full_name": {
      if (!/^[\p{L}][\p{L}\s'’.-]*$/u.test(text)) return { type: "retry", hint: "common:hint.full_name" };
      // "Иван" alone is letters all right: what is missing is the surname.
      return text.split(/\s+/).length >= 2 ? advance(node, text) : { type: "retry", hint: "common:hint.full_name_one_word" };
    }
    default:
      return advance(node, text);
  }
}

const advance = (node: AskNode, value: string): Outcome => ({ type: "advance", save: { [node.save_as]: value } });
