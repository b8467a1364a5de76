import type { Api, Context } from "grammy";
import type { Update } from "grammy/types";
import type { Outbound } from "../../core/outbound.js";
import type { Dialogue } from "../../dialogue/envelope.js";
import type { LogRef } from "../../core/log-ref.js";
import type { Logger } from "../../logger.js";
import { BotHost } from "./bot-host.js";
import { toSendParams } from "./render-outbound.js";
import { toEnvelope } from "./to-inbound.js";
import { chatIdOf } from "./update-poller.js";

/** How to reach Telegram and Redis, and what to hand the messages to. */
export type CitizenBotOptions = Readonly<{
  token: string;
  /** Bot API server, `https://api.telegram.org` or a self-hosted or fake one. */
  apiRoot: string;
  dialogue: Dialogue;
  /** Redis for the per-chat locks; the bot opens a connection of its own. */
  redisUrl: string;
  log: Logger;
  logRef: LogRef;
  /** Key prefix of the per-chat locks; tests isolate themselves with it. */
  lockPrefix?: string;
  /** The public URL Telegram posts updates to; long polling when absent. */
  webhookUrl?: string | undefined;
  /** When a message counts as received; tests fix it to get stable coupons. */
  now?: () => Date;
  /** "We received your message, please wait" in the language of the sender's app, for a message that failed (storage down). */
  pleaseWait?: ((languageHint: string | undefined) => string) | undefined;
  /** The pauses between tries of a failed update; tests shorten them. */
  retryBackoff?: Readonly<{ firstMs: number; maxMs: number }> | undefined;
}>;

/**
 * The citizens' Telegram bot: each message becomes an envelope for the dialogue, one
 * at a time per chat; the replies go out in order. A redelivered update (after a
 * crash) is recognised by the dialogue and answered as the first time; an update that
 * fails is tried again, and its sender told once to wait.
 */
export class CitizenBot {
  readonly host: BotHost;

  constructor(private readonly options: CitizenBotOptions) {
    this.host = new BotHost({ name: "citizens", lockPrefix: options.lockPrefix ?? "estu:chat-lock", ...options, onDelayed: (update) => this.tellToWait(update) });
    this.host.bot.use((ctx) => this.handle(ctx));
  }

  private async tellToWait(update: Update): Promise<void> {
    const { pleaseWait } = this.options;
    const from = update.message?.from ?? update.edited_message?.from ?? update.callback_query?.from;
    const chatId = chatIdOf(update);
    // Only a message the dialogue takes (from a private chat) has someone to tell.
    if (!pleaseWait || chatId === undefined || !toEnvelope(update, new Date(0))) return;
    await this.host.bot.api.sendMessage(chatId, pleaseWait(from?.language_code));
  }

  private async handle(ctx: Context): Promise<void> {
    if (ctx.callbackQuery) await this.host.answerCallbackQuery(ctx);
    const envelope = toEnvelope(ctx.update, this.options.now?.() ?? new Date());
    const chatId = ctx.chatId;
    if (!envelope || chatId === undefined) return;
    await this.host.serialize(envelope.citizenId, async () => {
      const replies = await this.options.dialogue.handle(envelope);
      await sendReplies(ctx.api, chatId, replies);
    });
  }
}

/**
 * Sends one turn's replies in order. A message without buttons takes away a reply keyboard, unless this turn
 * just showed it; the dialogue keeps such a message apart after a contact or location question for this.
 */
async function sendReplies(api: Api, chatId: number, replies: readonly Outbound[]): Promise<void> {
  let requested = false;
  for (const reply of replies) {
    for (const params of toSendParams(reply, { removeReplyKeyboard: !requested })) await api.sendMessage(chatId, params.text, params.other);
    requested ||= reply.request !== undefined;
  }
}
