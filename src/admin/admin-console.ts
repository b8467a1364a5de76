import type { Language } from "../core/appeal/appeal.js";
import { AppError } from "../core/errors.js";
import type { Official } from "../core/ports/official-repository.js";
import type { OfficialSession } from "../core/ports/official-session-store.js";
import { onboardOfficial } from "../core/use-cases/onboard-official.js";
import { chooseAgency, chooseAssignee, chooseReason, confirm, continueWithFile, continueWithText, startAction } from "./actions.js";
import type { AdminEvent, AdminInput, AdminReply } from "./admin-input.js";
import { buttonData, parseButton, type Button } from "./callback-data.js";
import { actorOf, say, type ConsoleContext, type Step } from "./console-context.js";
import { translateIn, type ConsoleDeps } from "./console-deps.js";
import { inviteScreen, issueInviteFor, officialsScreen, setActive } from "./people.js";
import { readPending, type Pending } from "./pending.js";
import { cardScreen, inboxScreen, listScreen, visibleAppeal } from "./screens.js";
import { statsScreen } from "./stats-screen.js";
import { appealFiles, decisionOfAction } from "./appeal-card.js";

/** How many recent update keys a session remembers to recognise a redelivery. */
const rememberedKeys = 50;
const maxAttempts = 3;
/** Appeal numbers as printed on the coupon, e.g. ALA-2026-000042; typed in any case. */
const appealNumber = /^[A-Za-z]{2,5}-\d{4}-\d{6}$/;

/**
 * The officials' console, channel-neutral: the Telegram admin bot and the simulator's
 * console feed it the same events. It onboards officials by invite code, shows the
 * inbox, lists and cards of their agency, and carries out their decisions through the
 * core use case, which checks the official again against the store. What an official
 * is composing is kept in their session, saved with a version check together with the
 * keys of the updates handled, so a redelivered update is handled once.
 */
export class AdminConsole {
  constructor(private readonly deps: ConsoleDeps) {}

  async handle(input: AdminInput): Promise<AdminReply[]> {
    let session = await this.loadSession(input.officialId);
    if (session.handledKeys.includes(input.key)) return [];
    // The step runs once: a decision or a redeemed code must not be repeated. If another process
    // saved the session meanwhile, the outcome is saved over the newer version (the last message wins).
    const step = await this.step(input, readPending(session.pending));
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const saved = await this.deps.officialSessions.save({
        ...session,
        pending: step.pending,
        handledKeys: [...session.handledKeys, input.key].slice(-rememberedKeys),
      } satisfies OfficialSession);
      if (saved) return step.replies;
      session = await this.loadSession(input.officialId);
    }
    throw new AppError("OFFICIAL_SESSION_CONTENDED", "Another process kept changing this official's session; the update will be handled on redelivery.", {
      official: input.officialId,
    });
  }

  private async loadSession(officialId: string): Promise<OfficialSession> {
    return (await this.deps.officialSessions.load(officialId)) ?? { id: officialId, pending: null, handledKeys: [], version: 0 };
  }

  private async step(input: AdminInput, pending: Pending | null): Promise<Step> {
    const official = await this.deps.officials.get(input.officialId);
    const event = input.event;
    if (event.type === "command" && event.name === "start" && event.argument) return this.onboard(input, event.argument, official);
    if (!official) {
      const t = translateIn(this.deps, hintedLanguage(input.languageHint));
      return { replies: [say(t("onboarding.need_code"))], pending: null };
    }
    const ctx: ConsoleContext = { deps: this.deps, official, t: translateIn(this.deps, official.language), now: input.receivedAt };
    if (!official.active) {
      this.reportInactive(ctx, event, pending);
      return { replies: [say(ctx.t("onboarding.inactive"))], pending: null };
    }
    switch (event.type) {
      case "command":
        return this.command(ctx, event, pending);
      case "button": {
        const button = parseButton(event.data);
        return button ? this.button(ctx, button, pending) : { replies: [say(ctx.t("button.unknown"), [inboxButton(ctx)])], pending };
      }
      case "text":
        return this.text(ctx, event.text, pending);
      case "media":
        return pending && "text" in pending ? continueWithFile(ctx, pending, event.attachment, event.caption) : { replies: [say(ctx.t("input.file_without_action"), [inboxButton(ctx)])], pending };
      case "unsupported":
        return { replies: [say(ctx.t("input.unsupported"))], pending };
    }
  }

  /** A switched-off official pressing a decision's button is refused here; the log still hears of it. */
  private reportInactive(ctx: ConsoleContext, event: AdminEvent, pending: Pending | null): void {
    const button = event.type === "button" ? parseButton(event.data) : undefined;
    const attempted =
      button?.type === "action"
        ? { appealId: button.appealId, decision: decisionOfAction[button.action] }
        : button?.type === "confirm" && pending && pending.kind !== "find"
          ? { appealId: pending.appealId, decision: decisionOfAction[pending.kind] }
          : undefined;
    if (attempted) this.deps.onRefused({ ...attempted, actor: actorOf(ctx.official), reason: "inactive_official" });
  }

  private async onboard(input: AdminInput, code: string, existing: Official | undefined): Promise<Step> {
    const language = existing?.language ?? hintedLanguage(input.languageHint);
    const t = translateIn(this.deps, language);
    const result = await onboardOfficial(this.deps, code, { officialId: input.officialId, displayName: input.displayName, language, now: input.receivedAt });
    // Opening the invite link again is a way back to the inbox, not a mistake.
    if (!result.ok && result.reason === "used" && existing?.active) {
      return { replies: [{ ...(await inboxScreen({ deps: this.deps, official: existing, t, now: input.receivedAt })), screen: false }], pending: null };
    }
    if (!result.ok) return { replies: [say(t(result.reason === "inactive" ? "onboarding.inactive" : `onboarding.code_${result.reason}`))], pending: null };
    const official = result.official;
    const agency = this.deps.reference.agencies.find((candidate) => candidate.id === official.agencyId);
    const ctx: ConsoleContext = { deps: this.deps, official, t, now: input.receivedAt };
    const welcome = say(t("onboarding.welcome", { name: official.displayName, agency: agency?.name[language] ?? official.agencyId, role: t(`role.${official.role}`) }), languageButtons());
    return { replies: [welcome, { ...(await inboxScreen(ctx)), screen: false }], pending: null };
  }

  private async command(ctx: ConsoleContext, event: Extract<AdminEvent, { type: "command" }>, pending: Pending | null): Promise<Step> {
    switch (event.name) {
      case "start":
      case "menu":
      case "inbox":
        return { replies: [{ ...(await inboxScreen(ctx)), screen: false }], pending: null };
      case "find":
        return event.argument ? this.find(ctx, event.argument) : { replies: [say(ctx.t("find.ask"), [inboxButton(ctx)])], pending: { kind: "find" } };
      case "cancel":
        return { replies: [say(ctx.t(pending ? "compose.cancelled" : "compose.nothing_to_cancel"), [inboxButton(ctx)])], pending: null };
      case "language":
        return { replies: [say(ctx.t("language.ask"), languageButtons())], pending };
      case "invite":
        return { replies: [inviteScreen(ctx, event.argument)], pending };
      case "officials":
        return { replies: [await officialsScreen(ctx)], pending };
      case "stats":
        return { replies: [await statsScreen(ctx, event.argument)], pending };
      case "help":
        return { replies: [say(ctx.t(`help.${ctx.official.role}`), [inboxButton(ctx)])], pending };
      default:
        return { replies: [say(ctx.t("input.unknown_command"), [inboxButton(ctx)])], pending };
    }
  }

  private async button(ctx: ConsoleContext, button: Button, pending: Pending | null): Promise<Step> {
    switch (button.type) {
      case "inbox":
        return { replies: [await inboxScreen(ctx)], pending: null };
      case "list":
        return { replies: [await listScreen(ctx, button.filter, button.page)], pending: null };
      case "card":
        return { replies: [await cardScreen(ctx, button.appealId)], pending: null };
      case "files":
        return { replies: [await this.files(ctx, button.appealId)], pending };
      case "action":
        return startAction(ctx, button.action, button.appealId);
      case "forward_to":
        return chooseAgency(ctx, pending, button.agencyId);
      case "reject_reason":
        return chooseReason(ctx, pending, button.reason);
      case "assign_to":
        return chooseAssignee(ctx, pending, button.officialId);
      case "confirm":
        return confirm(ctx, pending);
      case "cancel":
        return { replies: [say(ctx.t(pending ? "compose.cancelled" : "compose.nothing_to_cancel"), [inboxButton(ctx)])], pending: null };
      case "language":
        return this.setLanguage(ctx, button.language, pending);
      case "invite":
        return { replies: [await issueInviteFor(ctx, button.role, button.agencyId)], pending };
      case "set_active":
        return { replies: [await setActive(ctx, button.officialId, button.active)], pending };
    }
  }

  private async text(ctx: ConsoleContext, text: string, pending: Pending | null): Promise<Step> {
    const trimmed = text.trim();
    // A number alone is never an answer, a reason or an agency's name: the official went on to another appeal.
    if (appealNumber.test(trimmed)) return this.find(ctx, trimmed);
    if (pending && "text" in pending) return continueWithText(ctx, pending, text);
    if (pending?.kind === "find") return this.find(ctx, trimmed);
    return { replies: [say(ctx.t("input.text_without_action"), [inboxButton(ctx)])], pending };
  }

  private async find(ctx: ConsoleContext, text: string): Promise<Step> {
    const number = text.trim().toUpperCase();
    if (!appealNumber.test(number)) return { replies: [say(ctx.t("find.bad_number"), [inboxButton(ctx)])], pending: { kind: "find" } };
    return { replies: [{ ...(await cardScreen(ctx, number)), screen: false }], pending: null };
  }

  /** The citizen's files for the channel to send: the appeal's and its clarifications'. */
  private async files(ctx: ConsoleContext, appealId: string): Promise<AdminReply> {
    const appeal = await visibleAppeal(ctx, appealId);
    if (!appeal) return say(ctx.t("card.not_found", { number: appealId }), [inboxButton(ctx)]);
    const files = appealFiles(appeal);
    return { ...say(ctx.t("files.sending", { count: files.length, number: appealId }), [{ id: buttonData({ type: "card", appealId }), label: ctx.t("files.back") }]), attachments: files, unavailable: ctx.t("files.unavailable") };
  }

  private async setLanguage(ctx: ConsoleContext, language: Language, pending: Pending | null): Promise<Step> {
    // Only the language is written, and only while the official is active: a whole-document save
    // made from what was read before would undo a deactivation made meanwhile.
    if (!(await this.deps.officials.setLanguage(ctx.official.id, language))) return { replies: [say(ctx.t("onboarding.inactive"))], pending: null };
    const official = { ...ctx.official, language };
    const next: ConsoleContext = { ...ctx, official, t: translateIn(this.deps, language) };
    return { replies: [say(next.t("language.changed")), { ...(await inboxScreen(next)), screen: false }], pending };
  }
}

function inboxButton(ctx: ConsoleContext) {
  return { id: buttonData({ type: "inbox" }), label: ctx.t("menu.inbox") };
}

function languageButtons() {
  return [
    { id: buttonData({ type: "language", language: "kk" }), label: "Қазақша" },
    { id: buttonData({ type: "language", language: "ru" }), label: "Русский" },
  ];
}

/** Before an official chooses, the console speaks their app's language when it is Russian, else Kazakh. */
function hintedLanguage(hint: string | undefined): Language {
  return hint?.toLowerCase().startsWith("ru") ? "ru" : "kk";
}
