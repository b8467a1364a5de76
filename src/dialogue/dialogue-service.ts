import type { Applicant, Language } from "../core/appeal/appeal.js";
import { applicantSchema } from "../core/appeal/appeal-draft.js";
import { AppError } from "../core/errors.js";
import type { Conversation, KeptReplies } from "../core/ports/conversation-store.js";
import type { Effect, Message } from "../engine/effects.js";
import { speakingLanguage } from "../engine/speaking-language.js";
import { step } from "../engine/step.js";
import { builtInFlows, type StepContext } from "../engine/step-context.js";
import { crashPoint } from "../crash-point.js";
import { carryOutAction, listLimit } from "./carry-out-action.js";
import type { DialogueDeps } from "./dialogue-deps.js";
import type { Outbound } from "../core/outbound.js";
import { joinReplies } from "./join-replies.js";
import type { InboundEnvelope } from "./envelope.js";

/** How many recent message keys a conversation remembers to recognise a redelivery. */
const rememberedKeys = 50;
/** How many recent turns' replies it keeps to answer a redelivery again: those of one poll's batch at most, in practice. */
const keptTurns = 10;
/** Attempts when another process saved the same conversation first. */
const maxAttempts = 3;

/** One turn's replies; the coupon among them when the turn stored an appeal, null when a submission was refused. */
/** `forgotten`: the citizen asked to be forgotten in this turn, so what earlier turns said to them (a summary with their IIN, a coupon) is not kept. */
type TurnAnswer = Readonly<{ replies: Outbound[]; coupon: Outbound[] | null | undefined; forgotten: boolean }>;

/**
 * Handles one citizen message end to end: recognises a redelivery, runs the engine,
 * carries out its effects through the core use cases (storing before confirming),
 * then saves the conversation with a version check and returns the replies. The
 * replies are saved with the message's key: a process killed after saving and before
 * sending leaves them there, and the redelivered message gets them again.
 */
export class DialogueService {
  constructor(private readonly deps: DialogueDeps) {}

  async handle(envelope: InboundEnvelope): Promise<Outbound[]> {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const stored = await this.deps.conversations.load(envelope.citizenId);
      // Found at once, the message was handled by an earlier delivery whose replies may never have gone out;
      // found after a lost race, a twin delivery handled it just now and sends them itself.
      if (stored?.handledKeys.includes(envelope.key)) return attempt === 1 ? keptRepliesOf(stored, envelope.key) : [];
      const { conversation, answer } = await this.turn(stored, envelope);
      const handledKeys = [...(stored?.handledKeys ?? []), envelope.key].slice(-rememberedKeys);
      const earlier = answer.forgotten ? undefined : stored;
      const keptReplies = [...(earlier?.keptReplies ?? []), { key: envelope.key, replies: answer.replies }].slice(-keptTurns);
      // A refused submission or a new summary on screen makes an earlier coupon the wrong answer to "confirm".
      const lastCoupon = answer.coupon === undefined && !this.offersConfirm(conversation) ? (earlier?.lastCoupon ?? null) : answer.coupon ?? null;
      const saved = await this.deps.conversations.save({ ...conversation, handledKeys, keptReplies, lastCoupon } satisfies Conversation);
      if (saved.ok) {
        crashPoint("after-store-before-reply");
        return answer.replies;
      }
    }
    throw new AppError("CONVERSATION_CONTENDED", "Another process kept changing this conversation; the message will be handled on redelivery.");
  }

  /** Runs the engine and carries out its effects; a second tap on an old summary's "confirm" shows the coupon again. */
  private async turn(stored: Conversation | undefined, envelope: InboundEnvelope): Promise<{ conversation: Conversation; answer: TurnAnswer }> {
    if (stored?.lastCoupon && isConfirmTap(envelope) && !this.offersConfirm(stored)) {
      return { conversation: { ...stored, updatedAt: envelope.receivedAt }, answer: { replies: [...stored.lastCoupon], coupon: undefined, forgotten: false } };
    }
    const [awaitingClarification, savedApplicant] = await Promise.all([this.awaitedClarification(stored, envelope), this.savedApplicant(stored, envelope)]);
    const result = step({ ...this.context(envelope), awaitingClarification, savedApplicant }, stored, envelope.inbound, envelope.citizenId);
    return { conversation: result.conversation, answer: await this.carryOut(result.effects, envelope, stored?.language ?? null, { consented: result.conversation.consented, requestShown: requestButtonShown(stored) }) };
  }

  /** True when the citizen's current question has a "confirm" button of its own (a summary, or a choice with that id). */
  private offersConfirm(conversation: Conversation): boolean {
    const node = this.deps.flows[conversation.flowId]?.nodes[conversation.nodeId];
    if (!node) return false;
    return node.type === "summary" || (node.type === "choose" && (node.options ?? []).some((option) => option.id === confirmId));
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

  /**
   * The applicant's details saved with the citizen's last appeal (the citizen's own document,
   * read by its id), looked up only while the citizen is in a flow that offers them.
   */
  private async savedApplicant(stored: Conversation | undefined, envelope: InboundEnvelope): Promise<Applicant | undefined> {
    const flow = stored ? this.deps.flows[stored.flowId] : undefined;
    if (!flow || !Object.values(flow.nodes).some((node) => node.type === "saved_details")) return undefined;
    const saved = (await this.deps.citizens.get(envelope.citizenId))?.applicant;
    // Saved under older rules and no longer valid: asked again rather than offered and refused at submission.
    return saved && applicantSchema.safeParse(saved).success ? saved : undefined;
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

  /**
   * Carries out the effects in order; texts follow a language change made on the way. `consented`: the
   * citizen has agreed by the end of this turn, so they are stored and a language change is stored with them.
   * `requestShown`: a contact or location button may still be on the citizen's screen.
   */
  private async carryOut(effects: readonly Effect[], envelope: InboundEnvelope, startLanguage: Language | null, turnState: Readonly<{ consented: boolean; requestShown: boolean }>): Promise<TurnAnswer> {
    const { consented, requestShown } = turnState;
    let language: Language = speakingLanguage(startLanguage, envelope.sender);
    const replies: Outbound[] = [];
    /** Messages not joined with others: coupons, and a first plain text that must take a request's button away. */
    const apart = new Set<Outbound>();
    let coupon: Outbound[] | null | undefined;
    let forgotten = false;
    for (const effect of effects) {
      if (effect.type === "set_language") {
        language = effect.language;
        // Before consent the conversation alone keeps the language; the consent stores it with the citizen.
        if (consented) await this.deps.citizens.setLanguage(envelope.citizenId, language);
      } else if (effect.type === "action") {
        const answer = await carryOutAction(this.deps, effect, envelope, language);
        forgotten ||= effect.action === "forget_citizen";
        replies.push(...answer.replies);
        if (answer.stored !== undefined) coupon = answer.stored && answer.replies;
        if (answer.stored) for (const reply of answer.replies) apart.add(reply);
      } else {
        replies.push(this.render(effect.message, language));
      }
    }
    // Only a message without buttons can take a contact or location button away (on Telegram a message has one
    // keyboard), so after such a question a first plain text ("cancelled") stays apart from the question after it.
    const first = replies[0];
    if (requestShown && first && first.choices.length === 0 && !first.request) apart.add(first);
    return { replies: joinReplies(replies, apart), coupon, forgotten };
  }

  private render(message: Message, language: Language): Outbound {
    const { translator } = this.deps;
    const request = message.request && { kind: message.request, label: translator.translate(`common:request.${message.request}`, language) };
    return {
      text: translator.render(message.text, language),
      choices: (message.choices ?? []).map((choice) => ({ id: choice.id, label: translator.render(choice.label, language) })),
      ...(request ? { request } : {}),
      ...(message.listedChoices ? { listedChoices: message.listedChoices } : {}),
    };
  }
}

/** The button id of a summary's "confirm". */
const confirmId = "confirm";

function isConfirmTap(envelope: InboundEnvelope): boolean {
  return envelope.inbound.type === "choice" && envelope.inbound.payload === confirmId;
}

/**
 * True when a contact or location button may still be on the citizen's screen: the latest kept turn that
 * either asked for one or sent a message without buttons (which takes such a button away) asked for one.
 */
function requestButtonShown(conversation: Conversation | undefined): boolean {
  for (const turn of [...(conversation?.keptReplies ?? [])].reverse()) {
    if (turn.replies.some((reply) => reply.request !== undefined)) return true;
    if (turn.replies.some((reply) => reply.choices.length === 0)) return false;
  }
  return false;
}

/** The replies kept for `key`; none when the turn is older than those kept (or was saved before replies were kept). */
function keptRepliesOf(conversation: Conversation, key: string): Outbound[] {
  const kept: KeptReplies | undefined = conversation.keptReplies?.find((turn) => turn.key === key);
  return kept ? [...kept.replies] : [];
}
