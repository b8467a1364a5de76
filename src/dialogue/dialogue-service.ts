import type { Language } from "../core/appeal/appeal.js";
import { AppError } from "../core/errors.js";
import { logRef } from "../core/log-ref.js";
import type { Conversation } from "../core/ports/conversation-store.js";
import type { Effect, Message } from "../engine/effects.js";
import { speakingLanguage } from "../engine/speaking-language.js";
import { step } from "../engine/step.js";
import { builtInFlows, type StepContext } from "../engine/step-context.js";
import { carryOutAction, listLimit } from "./carry-out-action.js";
import type { DialogueDeps } from "./dialogue-deps.js";
import type { Outbound } from "../core/outbound.js";
import type { InboundEnvelope } from "./envelope.js";

/** How many recent message keys a conversation remembers to recognise a redelivery. */
const rememberedKeys = 50;
/** Attempts when another process saved the same conversation first. */
const maxAttempts = 3;

/**
 * Handles one citizen message end to end: recognises a redelivery, runs the engine,
 * carries out its effects through the core use cases (storing before confirming),
 * then saves the conversation with a version check and returns the replies.
 */
export class DialogueService {
  constructor(private readonly deps: DialogueDeps) {}

  async handle(envelope: InboundEnvelope): Promise<Outbound[]> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const stored = await this.deps.conversations.load(envelope.citizenId);
      if (stored?.handledKeys.includes(envelope.key)) return [];
      if (!stored) await this.deps.citizens.ensure(envelope.citizenId, envelope.channel, envelope.receivedAt);
      const awaitingClarification = await this.awaitedClarification(stored, envelope);
      const result = step({ ...this.context(envelope), awaitingClarification }, stored, envelope.inbound, envelope.citizenId);
      const replies = await this.carryOut(result.effects, envelope, stored?.language ?? null);
      const handledKeys = [...(stored?.handledKeys ?? []), envelope.key].slice(-rememberedKeys);
      const saved = await this.deps.conversations.save({ ...result.conversation, handledKeys } satisfies Conversation);
      if (saved.ok) return replies;
    }
    throw new AppError("CONVERSATION_CONTENDED", "Another process kept changing this conversation; the message will be handled on redelivery.", {
      citizen: logRef(envelope.citizenId),
    });
  }

  /**
   * The appeal whose clarification an official asked for, looked up only for text or a
   * file at the menu (where the engine takes it as that clarification), not on every turn.
   */
  private async awaitedClarification(stored: Conversation | undefined, envelope: InboundEnvelope): Promise<string | undefined> {
    const { type } = envelope.inbound;
    if (stored?.flowId !== builtInFlows.menu || (type !== "text" && type !== "media")) return undefined;
    const recent = await this.deps.appeals.listByCitizen(envelope.citizenId, { limit: listLimit, offset: 0 });
    return recent.find((appeal) => appeal.status === "awaiting_citizen")?.id;
  }

  private context(envelope: InboundEnvelope): StepContext {
    const { flows, reference, translator } = this.deps;
    return {
      flows,
      reference,
      now: envelope.receivedAt,
      sender: envelope.sender,
      messageKey: envelope.key,
      translate: (key, language) => translator.translate(key, language),
    };
  }

  /** Carries out the effects in order; texts follow a language change made on the way. */
  private async carryOut(effects: readonly Effect[], envelope: InboundEnvelope, startLanguage: Language | null): Promise<Outbound[]> {
    let language: Language = speakingLanguage(startLanguage, envelope.sender);
    const replies: Outbound[] = [];
    for (const effect of effects) {
      if (effect.type === "set_language") {
        language = effect.language;
        await this.deps.citizens.setLanguage(envelope.citizenId, language);
      } else if (effect.type === "action") {
        replies.push(...(await carryOutAction(this.deps, effect, envelope, language)));
      } else {
        replies.push(this.render(effect.message, language));
      }
    }
    return replies;
  }

  private render(message: Message, language: Language): Outbound {
    const { translator } = this.deps;
    const request = message.request && { kind: message.request, label: translator.translate(`common:request.${message.request}`, language) };
    return {
      text: translator.render(message.text, language),
      choices: (message.choices ?? []).map((choice) => ({ id: choice.id, label: translator.render(choice.label, language) })),
      ...(request ? { request } : {}),
    };
  }
}
