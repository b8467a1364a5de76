import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, webhookCallback, type BotError, type Context, type Transformer } from "grammy";
import { Redis } from "ioredis";
import type { LogRef } from "../../core/log-ref.js";
import { describeError as describeAnyError } from "../describe-error.js";
import type { Logger } from "../../logger.js";
import { ChatSerializer } from "./chat-serializer.js";

/** The updates Estu's bots read; anything else Telegram keeps to itself. */
const allowedUpdates = ["message", "edited_message", "callback_query"] as const;
/** Telegram waits for a webhook answer about a minute; answer earlier with an error so it redelivers. */
const webhookTimeoutMs = 50_000;

/** How to reach Telegram and Redis, and how updates arrive. */
export type BotHostOptions = Readonly<{
  /** For the log: which of Estu's bots this is. */
  name: "citizens" | "officials";
  token: string;
  /** Bot API server, `https://api.telegram.org` or a self-hosted or fake one. */
  apiRoot: string;
  /** Redis for the per-chat locks; the host opens a connection of its own. */
  redisUrl: string;
  log: Logger;
  /** Chats as logged. */
  logRef: LogRef;
  /** Key prefix of the per-chat locks; tests isolate themselves with it. */
  lockPrefix: string;
  /** The public URL Telegram posts this bot's updates to; long polling when absent. */
  webhookUrl?: string | undefined;
}>;

/**
 * What both of Estu's bots share: a grammY bot with replies retried on short 429s,
 * updates taken one chat at a time (in this process and, by a Redis lock, across
 * processes), failures logged without personal data, and two ways to receive updates.
 * Long polling uses `bot.start()`, which confirms an update only after the previous
 * batch was handled (the runner confirms earlier and can lose messages on a hard stop);
 * a webhook answers Telegram only after the update was handled, so a crash means a
 * redelivery, which the handlers recognise.
 */
export class BotHost {
  readonly bot: Bot;
  private readonly redis: Redis;
  private readonly chats: ChatSerializer;
  private polling: Promise<void> | undefined;
  private webhook: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;

  constructor(private readonly options: BotHostOptions) {
    // grammY refuses an apiRoot ending in '/', which a URL in the environment easily has.
    this.bot = new Bot(options.token, { client: { apiRoot: options.apiRoot.replace(/\/+$/, "") } });
    this.bot.api.config.use(exceptPolling(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3 })));
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
    this.redis.on("error", (error: Error) => options.log.debug({ bot: options.name, problem: error.message }, "Redis for the chat locks is unavailable"));
    this.chats = new ChatSerializer({
      redis: this.redis,
      prefix: options.lockPrefix,
      onLockProblem: (chat, problem) => options.log.warn({ bot: options.name, chat: options.logRef(chat), problem }, "chat lock not held; the update is handled anyway"),
    });
    this.bot.catch((error) => this.logFailure(error));
  }

  /** The bot's @username, known once `start` resolved. */
  get username(): string {
    return this.bot.botInfo.username;
  }

  /** The path of the webhook on Estu's HTTP server (the public URL's path), when in webhook mode. */
  get webhookPath(): string | undefined {
    return this.options.webhookUrl ? new URL(this.options.webhookUrl).pathname : undefined;
  }

  /**
   * Starts receiving: registers the webhook (with a secret Telegram echoes back) or
   * starts long polling. Resolves once updates flow; rejects when Telegram refuses the token.
   */
  async start(): Promise<void> {
    const { webhookUrl } = this.options;
    if (webhookUrl) {
      await this.bot.init();
      const secret = webhookSecret(this.options.token);
      await this.bot.api.setWebhook(webhookUrl, { secret_token: secret, allowed_updates: [...allowedUpdates] });
      this.webhook = webhookCallback(this.bot, "http", { secretToken: secret, onTimeout: "throw", timeoutMilliseconds: webhookTimeoutMs });
      return;
    }
    let markStarted!: () => void;
    const started = new Promise<void>((resolve) => (markStarted = resolve));
    this.polling = this.bot.start({ allowed_updates: [...allowedUpdates], onStart: () => markStarted() });
    await Promise.race([started, this.polling]);
  }

  /** Handles one webhook request (the HTTP server routes `webhookPath` here). */
  async handleWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.webhook) {
      response.writeHead(503).end();
      return;
    }
    await this.webhook(request, response).catch((error: unknown) => {
      // Telegram redelivers an update that got an error; the handlers recognise a redelivery.
      this.options.log.warn({ bot: this.options.name, error: describeError(error) }, "webhook update not handled in time; Telegram will redeliver it");
      if (!response.headersSent) response.writeHead(500).end();
    });
  }

  /**
   * Settles when polling ends: resolves after `stop`, rejects with what ended it
   * otherwise (409: another process polls with this token; 401: the token was revoked).
   * Never settles in webhook mode, where the HTTP server runs until Estu stops.
   */
  get done(): Promise<void> {
    return this.polling ?? (this.webhook ? new Promise<void>(() => undefined) : Promise.resolve());
  }

  /** Runs `task` after the earlier updates of `chat` (an address such as `telegram:123`). */
  serialize(chat: string, task: () => Promise<void>): Promise<void> {
    return this.chats.run(chat, task);
  }

  /** Answers a button press at once, so it stops spinning while the update is handled. */
  async answerCallbackQuery(ctx: Context): Promise<void> {
    try {
      await ctx.answerCallbackQuery();
    } catch (error) {
      // A query pressed long ago (or redelivered) cannot be answered any more; the press still counts.
      this.options.log.debug({ bot: this.options.name, error: describeError(error) }, "callback query not answered");
    }
  }

  /** Stops polling, lets the updates in hand finish, and closes the lock connection. The webhook stays registered. */
  async stop(): Promise<void> {
    if (this.polling) {
      try {
        await this.bot.stop();
      } catch (error) {
        // Unconfirmed updates come again at the next start and are recognised.
        this.options.log.warn({ bot: this.options.name, error: describeError(error) }, "could not confirm the last Telegram update while stopping");
      }
      // A failure that ended polling was reported through `done`.
      await this.polling.catch(() => undefined);
    }
    this.webhook = undefined;
    this.redis.disconnect();
  }

  private logFailure(error: BotError): void {
    const chatId = error.ctx.chatId;
    this.options.log.error(
      { bot: this.options.name, update: error.ctx.update.update_id, chat: chatId === undefined ? undefined : this.options.logRef(`telegram:${chatId}`), error: describeError(error.error) },
      "a Telegram update could not be handled",
    );
  }
}

/** A secret for Telegram to echo in each webhook request, derived from the token so no setting is needed. */
export function webhookSecret(token: string): string {
  return createHash("sha256").update(`estu-webhook:${token}`).digest("hex").slice(0, 48);
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
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof GrammyError) return { name: error.name, method: error.method, code: error.error_code, description: error.description };
  return describeAnyError(error);
}
