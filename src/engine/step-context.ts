import type { Applicant, Language } from "../core/appeal/appeal.js";
import type { SenderFacts } from "../core/inbound.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Flow } from "./flow-schema.js";

/** The flows Estu runs, by id, after their checks passed. */
export type FlowSet = Readonly<Record<string, Flow>>;

/**
 * The flows the engine itself enters: the first contact, the main menu, and where free
 * input at the menu goes (a new appeal, or the clarification an official asked for), and
 * where a typed appeal number opens.
 */
export const builtInFlows = { welcome: "welcome", menu: "menu", newAppeal: "new_appeal", clarify: "clarify", appeal: "appeal" } as const;

/**
 * Everything `step` may read besides the conversation and the message. All pure
 * data and functions, so a step is repeatable in a test with a fixed clock.
 */
export type StepContext = Readonly<{
  flows: FlowSet;
  reference: ReferenceData;
  now: Date;
  sender: SenderFacts;
  /** The stable key of the message being handled; a flow it starts remembers it as its draft's identity. */
  messageKey: string;
  /** A label's text in a language, to match what the citizen typed against it. */
  translate: (key: string, language: Language) => string;
  /** The citizen's appeal whose clarification an official asked for, when the host knows of one. */
  awaitingClarification?: string | undefined;
  /** The applicant's details saved with the citizen's last appeal, when the host looked them up (a `saved_details` question is ahead). */
  savedApplicant?: Applicant | undefined;
}>;
