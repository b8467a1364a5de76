import { setTimeout as sleep } from "node:timers/promises";

/**
 * How fast Estu writes on WhatsApp. WhatsApp publishes no limits; accounts that send
 * fast are reported to get 429s at about 3 messages a second and to be banned for
 * bursts, so the defaults stay far below that.
 */
export type Pacing = Readonly<{
  /** At least this long between two messages to one chat. */
  perChatGapMs: number;
  /** At most this many messages in any minute, to all chats together. */
  perMinute: number;
}>;

export const defaultPacing: Pacing = { perChatGapMs: 1_000, perMinute: 20 };

/** The time source of the pacer; tests pass a fake one. */
export type PacerClock = Readonly<{ now: () => number; sleep: (ms: number) => Promise<void> }>;

const realClock: PacerClock = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

const minuteMs = 60_000;

/**
 * Runs sends one at a time, in the order asked, each no sooner than both limits
 * allow. One queue for all chats keeps the global limit exact; a chat's gap delays
 * the chats behind it only by that gap. Only the socket's owner sends, so the limits
 * hold for the whole account.
 */
export class Pacer {
  private tail: Promise<unknown> = Promise.resolve();
  /** Start times of the last `perMinute` sends, oldest first. */
  private readonly recent: number[] = [];
  private readonly lastByChat = new Map<string, number>();

  constructor(
    private readonly pacing: Pacing,
    private readonly clock: PacerClock = realClock,
  ) {}

  /** Runs `send` for `chat` when its turn comes; resolves or rejects with it. */
  run<T>(chat: string, send: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(async () => {
      await this.waitFor(chat);
      return send();
    });
    // A failed send must not stop the ones behind it.
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async waitFor(chat: string): Promise<void> {
    const { perChatGapMs, perMinute } = this.pacing;
    const chatReady = (this.lastByChat.get(chat) ?? -Infinity) + perChatGapMs;
    const oldest = this.recent.length >= perMinute ? this.recent[this.recent.length - perMinute] : undefined;
    const globalReady = oldest === undefined ? -Infinity : oldest + minuteMs;
    const wait = Math.max(chatReady, globalReady) - this.clock.now();
    if (wait > 0) await this.clock.sleep(wait);
    const startedAt = this.clock.now();
    this.recent.push(startedAt);
    if (this.recent.length > perMinute) this.recent.splice(0, this.recent.length - perMinute);
    this.lastByChat.set(chat, startedAt);
    // Only chats still inside their gap matter; the rest would only fill memory.
    for (const [other, at] of this.lastByChat) if (at + perChatGapMs <= startedAt && other !== chat) this.lastByChat.delete(other);
  }
}
