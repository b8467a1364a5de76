import { setTimeout as sleep } from "node:timers/promises";
import { BotError, GrammyError } from "grammy";
import type { Update } from "grammy/types";

/** What the poller needs of Telegram and of the bot. */
export type UpdatePollerOptions = Readonly<{
  /** One long poll: the updates from `offset` on (confirming every update below it). */
  fetch: (offset: number, signal: AbortSignal) => Promise<readonly Update[]>;
  /** Confirms every update below `offset` without waiting for new ones (on a clean stop). */
  confirm: (offset: number) => Promise<void>;
  /** Handles one update; a rejection retries it. */
  handle: (update: Update) => Promise<void>;
  /** Told once per chat, at its first failed update since its last success: tell the sender to wait. */
  onDelayed: (update: Update) => Promise<void>;
  /** Told of every failure, and whether the update will be tried again. */
  onFailure: (update: Update, error: unknown, retrying: boolean) => void;
  /** Told when a long poll failed (Telegram or the network); polling goes on after a pause. */
  onPollFailure: (error: unknown) => void;
  /** The pauses between tries; tests shorten them. */
  backoff?: Backoff;
}>;

export type Backoff = Readonly<{ firstMs: number; maxMs: number }>;

const defaultBackoff: Backoff = { firstMs: 500, maxMs: 30_000 };
/** Tries of an update that failed for a reason a retry cannot mend (a bug, a refused request). */
const permanentTries = 3;
/** Tries of an update that failed for a passing reason (storage down): about an hour at the longest pause. */
const transientTries = 130;

/**
 * Long polling that loses nothing: a batch of updates is handled concurrently across
 * chats and in order within each chat; an update that fails is tried again with a
 * growing pause (storage down, a submission in progress, a contended conversation)
 * instead of being skipped; and the next poll, which confirms the batch to Telegram,
 * starts only once the whole batch was handled. A process killed in between gets the
 * unconfirmed updates again at its restart, and the dialogue recognises them.
 */
export class UpdatePoller {
  private readonly aborted = new AbortController();
  /** Chats told to wait, until one of their updates succeeds or is given up (so the set does not keep chats for ever). */
  private readonly told = new Set<string>();
  private offset = 0;
  private running: Promise<void> | undefined;
  private ended = false;

  constructor(private readonly options: UpdatePollerOptions) {}

  /** Starts polling; the promise settles when polling ends (resolves after `stop`, rejects when Telegram refuses it). */
  start(): Promise<void> {
    this.running ??= this.loop().finally(() => (this.ended = true));
    return this.running;
  }

  /** True from `start` until polling ended. */
  get polling(): boolean {
    return this.running !== undefined && !this.ended && !this.stopping;
  }

  /** Stops polling: the batch in hand finishes its current tries, handled updates are confirmed, the rest come again. */
  async stop(): Promise<void> {
    this.aborted.abort();
    await this.running?.catch(() => undefined);
    if (this.offset > 0) await this.options.confirm(this.offset);
  }

  private get stopping(): boolean {
    return this.aborted.signal.aborted;
  }

  private async loop(): Promise<void> {
    let pollFailures = 0;
    while (!this.stopping) {
      let updates: readonly Update[];
      try {
        updates = await this.options.fetch(this.offset, this.aborted.signal);
        pollFailures = 0;
      } catch (error) {
        if (this.stopping) return;
        if (endsPolling(error)) throw error;
        this.options.onPollFailure(error);
        await this.pause(pauseMs(++pollFailures, this.backoff));
        continue;
      }
      if (await this.handleBatch(updates)) this.offset = nextOffset(this.offset, updates);
    }
  }

  /** Handles a batch, chats side by side; true when every update was handled (or given up), false when stopped first. */
  private async handleBatch(updates: readonly Update[]): Promise<boolean> {
    const results = await Promise.all([...byChat(updates).entries()].map(([chat, queue]) => this.handleChat(chat, queue)));
    return results.every(Boolean);
  }

  private async handleChat(chat: string, queue: readonly Update[]): Promise<boolean> {
    for (const update of queue) if (!(await this.handleWithRetries(chat, update))) return false;
    return true;
  }

  private async handleWithRetries(chat: string, update: Update): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.handle(update);
        this.told.delete(chat);
        return true;
      } catch (failure) {
        const error = causeOf(failure);
        const retrying = attempt < (isPermanent(error) ? permanentTries : transientTries) && !this.stopping;
        this.options.onFailure(update, error, retrying);
        if (!isPermanent(error) && !this.told.has(chat)) {
          this.told.add(chat);
          await this.options.onDelayed(update).catch(() => undefined);
        }
        if (this.stopping) return false;
        // Given up: logged above; holding the offset any longer would stop every other chat. Their next failure tells them again.
        if (!retrying) {
          this.told.delete(chat);
          return true;
        }
        await this.pause(pauseMs(attempt, this.backoff));
      }
    }
  }

  private get backoff(): Backoff {
    return this.options.backoff ?? defaultBackoff;
  }

  private async pause(ms: number): Promise<void> {
    await sleep(ms, undefined, { signal: this.aborted.signal }).catch(() => undefined);
  }
}

/** The chat an update came from, if any. */
export function chatIdOf(update: Update): number | undefined {
  return update.message?.chat.id ?? update.edited_message?.chat.id ?? update.callback_query?.message?.chat.id ?? update.callback_query?.from.id;
}

/** The chat an update belongs to, for keeping its order; updates without one are each their own. */
export function chatOf(update: Update): string {
  const chat = chatIdOf(update);
  return chat === undefined ? `update:${update.update_id}` : `chat:${chat}`;
}

/** The updates of a batch by chat, each chat's in the order Telegram gave them. */
export function byChat(updates: readonly Update[]): Map<string, Update[]> {
  const chats = new Map<string, Update[]>();
  for (const update of updates) {
    const chat = chatOf(update);
    const queue = chats.get(chat);
    if (queue) queue.push(update);
    else chats.set(chat, [update]);
  }
  return chats;
}

/** The offset that confirms a handled batch: one past its last update. */
export function nextOffset(offset: number, updates: readonly Update[]): number {
  return updates.reduce((highest, update) => Math.max(highest, update.update_id + 1), offset);
}

/** The pause before try `attempt + 1`: doubling from the first pause up to the longest. */
export function pauseMs(attempt: number, backoff: Backoff): number {
  return Math.min(backoff.firstMs * 2 ** Math.max(attempt - 1, 0), backoff.maxMs);
}

/**
 * A failure no retry mends: a programming error, or Telegram refusing the request itself
 * (a blocked bot, a bad request). Anything else (storage down, a timeout, Telegram's own
 * trouble, a submission in progress) passes, so the update is tried again.
 */
export function isPermanent(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof RangeError || error instanceof ReferenceError || error instanceof SyntaxError) return true;
  return error instanceof GrammyError && error.error_code >= 400 && error.error_code < 500 && error.error_code !== 429;
}

/** Another poller took the token (409) or the token was revoked (401): polling cannot go on. */
function endsPolling(error: unknown): boolean {
  return error instanceof GrammyError && (error.error_code === 401 || error.error_code === 409);
}

/** grammY wraps a handler's error in a BotError; the cause is what decides a retry. */
function causeOf(error: unknown): unknown {
  return error instanceof BotError ? error.error : error;
}
