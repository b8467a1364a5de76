// The shipped flows, texts and reference data, ready for `step`, and a way to talk to it.
import { join } from "node:path";
import type { Applicant, Language } from "../../src/core/appeal/appeal.js";
import type { Inbound, SenderFacts } from "../../src/core/inbound.js";
import type { Conversation } from "../../src/core/ports/conversation-store.js";
import type { Effect } from "../../src/engine/effects.js";
import type { Flow } from "../../src/engine/flow-schema.js";
import type { LocaleResources } from "../../src/engine/locale-resources.js";
import { step } from "../../src/engine/step.js";
import type { StepContext } from "../../src/engine/step-context.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { hostTextKeys } from "../../src/runtime/host-text-keys.js";
import { loadCheckedFlows } from "../../src/flows/load-flows.js";
import { loadLocales } from "../../src/i18n/load-locales.js";
import { createTranslator, type Translator } from "../../src/i18n/translator.js";
import { shippedReferenceData } from "./fixtures.js";

export type EngineFixture = Readonly<{
  flows: Flow[];
  resources: LocaleResources;
  translator: Translator;
  context: (now: Date, sender?: SenderFacts, messageKey?: string) => StepContext;
}>;

/** Loads what Estu ships: `flows/`, `locales/` and `data/`. */
export async function shippedEngine(): Promise<EngineFixture> {
  const resources = await loadLocales(join(projectRoot, "locales"));
  const [flows, reference, translator] = await Promise.all([loadCheckedFlows(join(projectRoot, "flows"), resources, hostTextKeys), shippedReferenceData(), createTranslator(resources)]);
  const flowSet = Object.fromEntries(flows.map((flow) => [flow.id, flow]));
  return {
    flows,
    resources,
    translator,
    context: (now, sender = {}, messageKey = "test:1") => ({ flows: flowSet, reference, now, sender, messageKey, translate: (key: string, language: Language) => translator.translate(key, language) }),
  };
}

/** A conversation driven message by message, keeping the state between them. */
export class Chat {
  conversation: Conversation | undefined;
  /** The appeal an official asked this citizen to clarify, as the host would look it up. */
  awaitingClarification: string | undefined;
  /** The details saved with the citizen's last appeal, as the host would look them up. */
  savedApplicant: Applicant | undefined;
  private messages = 0;

  constructor(
    private readonly engine: EngineFixture,
    private readonly sender: SenderFacts = {},
    public now = new Date("2026-11-27T10:00:00+05:00"),
    private readonly id = "telegram:100",
  ) {}

  send(inbound: Inbound): readonly Effect[] {
    this.messages += 1;
    const context = { ...this.engine.context(this.now, this.sender, `${this.id}:${this.messages}`), awaitingClarification: this.awaitingClarification, savedApplicant: this.savedApplicant };
    const result = step(context, this.conversation, inbound, this.id);
    this.conversation = { ...result.conversation, version: (this.conversation?.version ?? 0) + 1 };
    return result.effects;
  }

  text(text: string): readonly Effect[] {
    return this.send({ type: "text", text });
  }

  press(payload: string): readonly Effect[] {
    return this.send({ type: "choice", payload });
  }

  /** The effects as a person would read them, in `language`. */
  render(effects: readonly Effect[], language: Language): string[] {
    return effects.map((effect) => {
      if (effect.type !== "send") return `[${effect.type}${effect.type === "action" ? ` ${effect.action}` : ` ${effect.language}`}]`;
      const choices = (effect.message.choices ?? []).map((choice, index) => `${index + 1}. ${this.engine.translator.render(choice.label, language)}`);
      return [this.engine.translator.render(effect.message.text, language), ...choices].join("\n");
    });
  }
}
