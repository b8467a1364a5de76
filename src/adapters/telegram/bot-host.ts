import { createHash } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot, GrammyError, webhookCallback, type Context, type Transformer } from "grammy";
import type { Update } from "grammy/types";
import { Redis } from "ioredis";
import type { LogRef } from "../../core/log-ref.js";
import { describeError as describeAnyError } from "../describe-error.js";
import type { Logger } from "../../logger.js";
import { ChatSerializer } from "./chat-serializer.js";
import { chatIdOf, UpdatePoller } from "./update-poller.js";

/** The updates Estu's bots read; anything else Telegram keeps to itself. */
const allowedUpdates = ["message", "edited_message", "callback_query"] as const;
/** Telegram waits for a webhook answer about a minute; answer earlier with an error so it redelivers. */
const webhookTimeoutMs = 50_000;
/** How long one long poll waits for updates, in seconds. */
const pollTimeoutSeconds = 30;

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
  /** Tells the sender of an update that failed (storage down) that it was received and will be answered. */
  onDelayed?: ((update: Update) => Promise<void>) | undefined;
  /** The pauses between tries of a failed update in long polling; tests shorten them. */
  retryBackoff?: Readonly<{ firstMs: number; maxMs: number }> | undefined;
}>;

/**
 * What both of Estu's bots share: a grammY bot with replies retried on short 429s,
 * updates taken one chat at a time (in this process and, by a Redis lock, across
 * processes), failures logged without personal data, and two ways to receive updates.
 * Long polling uses Estu's own poller (grammY's `bot.start()` skips an update whose
 * handler failed and handles one update at a time): chats side by side, a failed update
 * tried again, an update confirmed only once it and every update before it were handled. A webhook answers Telegram only after
 * the update was handled, so a failure or a crash means a redelivery; the handlers
 * recognise a redelivery and answer it as the first time.
 */
export class BotHost {
  readonly bot: Bot;
  private readonly redis: Redis;
  private readonly chats: ChatSerializer;
  private pollingDone: Promise<void> | undefined;
  private poller: UpdatePoller | undefined;
  private webhook: ((request: IncomingMessage, response: ServerResponse) => Promise<void>) | undefined;

  constructor(private readonly options: BotHostOptions) {
    // grammY refuses an apiRoot ending in '/', which a URL in the environment easily has.
    this.bot = new Bot(options.token, { client: { apiRoot: options.apiRoot.replace(/\/+$/, "") } });
    this.bot.api.config.use(exceptPolling(autoRetry({ maxDelaySeconds: 30, maxRetryAttempts: 3 })));
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, enableAutoPipelining: true });
    this.redis.on("error", (error: Error) => options.log.debug({ bot: options.name, problem: error.message }, "Redis for the chat locks is unavailable"));
    this.chats = new ChatSerializer({
      redis: this.redis,
      prefix: options.lockPrefix,
      onLockProblem: (chat, problem) => options.log.warn({ bot: options.name, chat: options.logRef(chat), problem }, "chat lock not held; the update is handled anyway"),
    });
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
    await this.bot.init();
    await this.bot.api.deleteWebhook();
    this.poller = this.newPoller();
    this.pollingDone = this.poller.start();
  }

  private newPoller(): UpdatePoller {
    const { log, name, onDelayed, retryBackoff } = this.options;
    const api = this.bot.api;
    return new UpdatePoller({
      // grammY types its signal after its abort-controller shim; Node's own is what it gets at run time.
      fetch: (offset, signal) => api.getUpdates({ offset, limit: 100, timeout: pollTimeoutSeconds, allowed_updates: [...allowedUpdates] }, signal as GrammySignal),
      confirm: async (offset) => void (await api.getUpdates({ offset, limit: 1, timeout: 0 })),
      handle: (update) => this.bot.handleUpdate(update),
      onDelayed: onDelayed ?? (() => Promise.resolve()),
      onFailure: (update, error, retrying) =>
        log[retrying ? "warn" : "error"](
          { bot: name, update: update.update_id, chat: chatRef(update, this.options.logRef), error: describeError(error), retrying },
          retrying ? "a Telegram update failed; it will be tried again" : "a Telegram update could not be handled and was given up",
        ),
      onPollFailure: (error) => log.warn({ bot: name, error: describeError(error) }, "could not fetch Telegram updates; trying again"),
      ...(retryBackoff ? { backoff: retryBackoff } : {}),
    });
  }

  /** True while long polling runs. */
  get polling(): boolean {
    return this.poller?.polling ?? false;
  }

  /** Handles one webhook request (the HTTP server routes `webhookPath` here). */
  async handleWebhook(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!this.webhook) {
      response.writeHead(503).end();
      return;
    }
    await this.webhook(request, response).catch((error: unknown) => {
      // Telegram redelivers an update that got an error; the handlers recognise a redelivery.
      this.options.log.warn({ bot: this.options.name, error: describeError(error) }, "webhook update not handled; Telegram will redeliver it");
      if (!response.headersSent) response.writeHead(500).end();
    });
  }

  /**
   * Settles when polling ends: resolves after `stop`, rejects with what ended it
   * otherwise (409: another process polls with this token; 401: the token was revoked).
   * Never settles in webhook mode, where the HTTP server runs until Estu stops.
   */
  get done(): Promise<void> {
    return this.pollingDone ?? (this.webhook ? new Promise<void>(() => undefined) : Promise.resolve());
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
    if (this.poller) {
      try {
        await this.poller.stop();
      } catch (error) {
        // Unconfirmed updates come again at the next start and are recognised.
        this.options.log.warn({ bot: this.options.name, error: describeError(error) }, "could not confirm the last Telegram update while stopping");
      }
    }
    this.webhook = undefined;
    this.redis.disconnect();
  }
}

function chatRef(update: Update, logRef: LogRef): string | undefined {
  const chat = chatIdOf(update);
  return chat === undefined ? undefined : logRef(`telegram:${chat}`);
}

type GrammySignal = Parameters<Bot["api"]["getUpdates"]>[1];

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
