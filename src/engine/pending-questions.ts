import { languages } from "../core/appeal/appeal.js";
import type { Conversation } from "../core/ports/conversation-store.js";
import { readButtons, type ChoiceInput } from "./choices.js";
import { enterFlow, repeatQuestion, send, type Move } from "./conversation-moves.js";
import type { Choice } from "./effects.js";
import { builtInFlows, type StepContext } from "./step-context.js";

type PendingKind = NonNullable<Conversation["pending"]>;

/**
 * Questions the engine asks outside any flow, keeping the citizen's place in it:
 * whether to continue a draft left for a day, which language to speak when the
 * citizen asks for another in the middle of a journey, and whether "cancel" really
 * means throwing away what they typed so far.
 */
const questions: Readonly<Record<PendingKind, Readonly<{ prompt: string; choices: readonly Choice[] }>>> = {
  resume: {
    prompt: "common:resume.question",
    choices: [
      { id: "continue", label: { key: "common:choice.continue" } },
      { id: "restart", label: { key: "common:choice.restart" } },
    ],
  },
  language: {
    prompt: "language:prompt",
    choices: languages.map((language) => ({ id: language, label: { key: `language:${language}` } })),
  },
  cancel: {
    prompt: "common:cancel_question",
    choices: [
      { id: "discard", label: { key: "common:choice.discard" } },
      { id: "keep", label: { key: "common:choice.keep" } },
    ],
  },
};

export function askPending(move: Move, kind: PendingKind): void {
  move.conversation = { ...move.conversation, pending: kind };
  send(move, { text: { key: questions[kind].prompt }, choices: questions[kind].choices });
}

/** Reads the answer like any other choice (button, number, label in either language); asks again if unclear. */
export function answerPending(move: Move, context: StepContext, kind: PendingKind, input: ChoiceInput): void {
  const said = readButtons(input, questions[kind].choices, context);
  if (!said) {
    send(move, { text: { key: "common:hint.choose" } });
    return askPending(move, kind);
  }
  move.conversation = { ...move.conversation, pending: null };
  if (kind === "language") return changeLanguage(move, context, said);
  if (said === "continue" || said === "keep") return repeatQuestion(move, context);
  if (said === "discard") {
    send(move, { text: { key: "common:cancelled" } });
    return enterFlow(move, context, builtInFlows.menu);
  }
  // A flow opened from a button about one appeal (`go:rate:<number>`) stays about that appeal,
  // and consent asked on the way still leads where the citizen was going.
  const { number, afterConsent } = move.conversation.data;
  const seed = { ...(typeof number === "string" ? { number } : {}), ...(typeof afterConsent === "string" ? { afterConsent } : {}) };
  enterFlow(move, context, move.conversation.flowId, seed);
}

function changeLanguage(move: Move, context: StepContext, chosen: string): void {
  const language = languages.find((candidate) => candidate === chosen) ?? "kk";
  move.effects.push({ type: "set_language", language });
  move.conversation = { ...move.conversation, language };
  send(move, { text: { key: "language:changed" } });
  repeatQuestion(move, context);
}
