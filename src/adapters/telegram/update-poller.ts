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
type Deferred = { promise: Promise<void>; resolve: () => void };

function deferred(): Deferred {
  let resolve = () => undefined as void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

/** Tries of an update that failed for a reason a retry cannot mend (a bug, a refused request). */
const permanentTries = 3;
/** Tries of an update that failed for a passing reason (storage down): about an hour at the longest pause. */
const transientTries = 130;

/** Updates in hand below which the poller asks Telegram for more while the others are handled. */
const refillBelow = 50;
/** With nothing new and updates still in hand, Telegram is asked again after this pause (or once one is handled). */
const repollMs = 250;

/**
 * Long polling that loses nothing: updates are handled concurrently across chats and in order within
 * each chat; an update that fails is tried again with a growing pause (storage down, a submission in
 * progress, a contended conversation) instead of being skipped; and Telegram is only ever asked from
 * the oldest update not handled yet (`offset`), which confirms the updates below it and no other.
 * When fewer than `refillBelow` updates are in hand it asks again, and takes only the updates it has
 * not seen, so new chats start while the last of a batch are still handled instead of waiting for the
 * whole batch. A process killed in between gets every unconfirmed update again at its restart, and the
 * dialogue recognises those it handled.
 */
export class UpdatePoller {
  private readonly aborted = new AbortController();
  /** Chats told to wait, until one of their updates succeeds or is given up (so the set does not keep chats for ever). */
  private readonly told = new Set<string>();
  /** The ids of the updates taken and not handled yet, in the order taken (so the first is the oldest). */
  private readonly inHand = new Set<number>();
  /** Each chat's last update in hand: the next one of that chat runs after it. */
  private readonly chains = new Map<string, Promise<boolean>>();
  /** One past the newest update taken. */
  private nextUnseen = 0;
  private finished = deferred();
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

  /** Stops polling: updates in hand finish their current tries, handled updates are confirmed, the rest come again. */
  async stop(): Promise<void> {
    this.aborted.abort();
    await this.running?.catch(() => undefined);
    await Promise.all(this.chains.values());
    const offset = this.offset;
    if (offset > 0) await this.options.confirm(offset);
  }

  private get stopping(): boolean {
    return this.aborted.signal.aborted;
  }

  /** The oldest update not handled yet, or one past the newest when all are. */
  private get offset(): number {
    const oldest = this.inHand.values().next();
    return oldest.done ? this.nextUnseen : oldest.value;
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
      const fresh = updates.filter((update) => update.update_id >= this.nextUnseen);
      for (const update of fresh) this.take(update);
      // Telegram answers at once while updates are unconfirmed: with nothing new, ask again once one is handled,
      // or after a pause, so a slow update (a storage outage, a large file) does not hold other chats' new messages.
      if (fresh.length === 0 && this.inHand.size > 0) await this.nextFinish(repollMs);
      while (this.inHand.size >= refillBelow && !this.stopping) await this.nextFinish();
    }
  }

  /** Queues an update behind its chat's earlier ones; it leaves the hand when handled or given up. */
  private take(update: Update): void {
    const chat = chatOf(update);
    this.inHand.add(update.update_id);
    this.nextUnseen = Math.max(this.nextUnseen, update.update_id + 1);
    const previous = this.chains.get(chat) ?? Promise.resolve(true);
    // An update of a chat whose earlier update was left for the next start (stopped) is left too, to keep their order.
    // handleWithRetries catches every failure of the update; should a callback of ours throw, the update is given up rather than held.
    const chain = previous.then((done) => (done ? this.handleWithRetries(chat, update) : false)).catch(() => true);
    this.chains.set(chat, chain);
    void chain.then((done) => {
      if (done) this.inHand.delete(update.update_id);
      if (this.chains.get(chat) === chain) this.chains.delete(chat);
      const finished = this.finished;
      this.finished = deferred();
      finished.resolve();
    });
  }

  /** Resolves when an update in hand is handled or given up, on stop, or after `timeoutMs` when given. */
  private async nextFinish(timeoutMs?: number): Promise<void> {
    let stopped = () => undefined as void;
    let timer: NodeJS.Timeout | undefined;
    const stoppedOrLate = new Promise<void>((resolve) => {
      stopped = resolve;
      this.aborted.signal.addEventListener("abort", stopped, { once: true });
      if (timeoutMs !== undefined) timer = setTimeout(resolve, timeoutMs);
    });
    await Promise.race([this.finished.promise, stoppedOrLate]);
    // Removed each time: the poller waits thousands of times on the one signal.
    this.aborted.signal.removeEventListener("abort", stopped);
    clearTimeout(timer);
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
