import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, type Api, type BotError, type Context, type Transformer } from "grammy";
import { Redis } from "ioredis";
import { AppError } from "../../core/errors.js";
import { logRef } from "../../core/log-ref.js";
import type { Outbound } from "../../core/outbound.js";
import type { Dialogue } from "../../dialogue/envelope.js";
import type { Logger } from "../../logger.js";
import { ChatSerializer } from "./chat-serializer.js";
import { toSendParams } from "./render-outbound.js";
import { toEnvelope } from "./to-inbound.js";

/** How to reach Telegram and Redis, and what to hand the messages to. */
export type CitizenBotOptions = Readonly<{
  token: string;
  /** Bot API server, `https://api.telegram.org` or a self-hosted or fake one. */
  apiRoot: string;
  dialogue: Dialogue;
  /** Redis for the per-chat locks; the bot opens a connection of its own. */
  redisUrl: string;
  log: Logger;
  /** Key prefix of the per-chat locks; tests isolate themselves with it. */
  lockPrefix?: string;
  /** When a message counts as received; tests fix it to get stable coupons. */
  now?: () => Date;
}>;

/**
 * The citizens' Telegram bot: long polling with `bot.start()`, which confirms an
 * update only after the previous batch was handled (the runner confirms earlier and
 * can lose messages on a hard stop). Each message becomes an envelope for the
 * dialogue, one at a time per chat; the replies go out in order. A redelivered
 * update (after a crash) is recognised by the dialogue and answered with nothing.
 */
export class CitizenBot {
  private readonly bot: Bot;
  private readonly redis: Redis;
  private readonly chats: ChatSerializer;
  private polling: Promise<void> | undefined;

  constructor(private readonly options: CitizenBotOptions) {
    // grammY refuses an apiRoot ending in '/', which a URL in the environment easily has.
    this.bot = new Bot(options.token, { client: { apiRoot: options.apiRoot.replace(/\/+$/, "") } });
    this.bot.api.config.use(exceptPolling(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3 })));
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on("error", (error: Error) => options.log.debug({ problem: error.message }, "Redis for the chat locks is unavailable"));
    this.chats = new ChatSerializer({
      redis: this.redis,
      prefix: options.lockPrefix ?? "estu:chat-lock",
      onLockProblem: (chat, problem) => options.log.warn({ citizen: logRef(chat), problem }, "chat lock not held; the message is handled anyway"),
    });
    this.bot.use((ctx) => this.handle(ctx));
    this.bot.catch((error) => this.logFailure(error));
  }

  /** The bot's @username, known once `start` resolved. */
  get username(): string {
    return this.bot.botInfo.username;
  }

  /** Starts long polling; resolves once it runs, rejects when Telegram refuses the token. */
  async start(): Promise<void> {
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    this.polling = this.bot.start({ allowed_updates: ["message", "edited_message", "callback_query"], onStart: () => markStarted() });
    await Promise.race([started, this.polling]);
  }

  /**
   * Settles when polling ends: resolves after `stop`, rejects with what ended it
   * otherwise (409: another process polls with this token; 401: the token was revoked).
   */
  get done(): Promise<void> {
    return this.polling ?? Promise.resolve();
  }

  /** Stops polling, lets the messages in hand finish, and closes the lock connection. */
  async stop(): Promise<void> {
    try {
      await this.bot.stop();
    } catch (error) {
      // Unconfirmed updates come again at the next start and the dialogue recognises them.
      this.options.log.warn({ error: describe(error) }, "could not confirm the last Telegram update while stopping");
    }
    // A failure that ended polling was reported through `done`.
    await this.polling?.catch(() => undefined);
    this.redis.disconnect();
  }

  private async handle(ctx: Context): Promise<void> {
    if (ctx.callbackQuery) await this.answerCallbackQuery(ctx);
    const envelope = toEnvelope(ctx.update, this.options.now?.() ?? new Date());
    const chatId = ctx.chatId;
    if (!envelope || chatId === undefined) return;
    await this.chats.run(envelope.citizenId, async () => {
      const replies = await this.options.dialogue.handle(envelope);
      await sendReplies(ctx.api, chatId, replies);
    });
  }

  /** At once, so the button stops spinning while the dialogue works. */
  private async answerCallbackQuery(ctx: Context): Promise<void> {
    try {
      await ctx.answerCallbackQuery();
    } catch (error) {
      // A query pressed long ago (or redelivered) cannot be answered any more; the press still counts.
      this.options.log.debug({ error: describe(error) }, "callback query not answered");
    }
  }

  private logFailure(error: BotError): void {
    const chatId = error.ctx.chatId;
    this.options.log.error(
      { update: error.ctx.update.update_id, citizen: chatId === undefined ? undefined : logRef(`telegram:${chatId}`), error: describe(error.error) },
      "a Telegram update could not be handled",
    );
  }
}

/** Sends one turn's replies in order. A plain message takes away a reply keyboard, unless this turn just showed it. */
async function sendReplies(api: Api, chatId: number, replies: readonly Outbound[]): Promise<void> {
  let requested = false;
  for (const reply of replies) {
    for (const params of toSendParams(reply, { removeReplyKeyboard: !requested })) await api.sendMessage(chatId, params.text, params.other);
    requested ||= reply.request !== undefined;
  }
}

/**
 * Replies wait out a 429 (a burst to one chat) and server errors; `getUpdates` keeps
 * grammY's own retry loop, which `stop` can interrupt.
 */
function exceptPolling(transformer: Transformer): Transformer {
  return (prev, method, payload, signal) => (method === "getUpdates" ? prev(method, payload, signal) : transformer(prev, method, payload, signal));
}

/**
 * An error for the log without personal data: a GrammyError carries the request
 * (the message text), so only its method, code and description go out.
 */
function describe(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) return { name: error.name, method: error.method, code: error.error_code, description: error.description };
  if (error instanceof AppError) return { name: error.name, code: error.code, message: error.message, details: error.details };
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}
