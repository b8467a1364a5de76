import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";

/**
 * A holder that died keeps the lock this long at most: short, so a chat whose process was killed
 * mid-message waits about this long after the restart. A live holder renews it while its task runs.
 */
const defaultLockTtlMs = 3_000;
/** How long to wait for another process to finish with the chat, and how often to look. */
const waitMs = 5_000;
const retryEveryMs = 50;

/** Deletes the lock only if it is still ours: after a pause past the TTL another process may hold it. */
const releaseScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;
/** Extends the lock only if it is still ours. */
const renewScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;

/** The lock connection and naming, and where to report a lock that could not be used. */
export type ChatSerializerOptions = Readonly<{
  /** A connection for the locks alone, so a blocked queue connection never delays a reply. */
  redis: Redis;
  /** Key prefix of the locks (`<prefix>:<citizen id>`). */
  prefix: string;
  /** Told when the lock could not be taken in time or released; the message is handled anyway. */
  onLockProblem: (chat: string, problem: string) => void;
  /** How long a lock outlives a holder that died (renewed at a third of it while held); 3 s unless a test shortens it. */
  lockTtlMs?: number;
}>;

/**
 * Runs one chat's messages one at a time, in arrival order: within this process by a
 * promise chain per chat, across processes by a Redis lock. The lock keeps the order;
 * correctness does not depend on it, since the dialogue saves a conversation with a
 * version check. So when the lock cannot be had (Redis down, a holder that died), the
 * message is handled anyway rather than dropped.
 */
export class ChatSerializer {
  private readonly tails = new Map<string, Promise<void>>();

  constructor(private readonly options: ChatSerializerOptions) {}

  /** Runs `task` after every earlier task of `chat` has settled; rejects with its error. */
  async run(chat: string, task: () => Promise<void>): Promise<void> {
    const current = (this.tails.get(chat) ?? Promise.resolve()).then(() => this.locked(chat, task));
    // A failed message must not stop the chat's next one.
    const tail = current.catch(() => undefined);
    this.tails.set(chat, tail);
    try {
      await current;
    } finally {
      if (this.tails.get(chat) === tail) this.tails.delete(chat);
    }
  }

  private async locked(chat: string, task: () => Promise<void>): Promise<void> {
    const key = `${this.options.prefix}:${chat}`;
    const token = randomUUID();
    const held = await this.acquire(chat, key, token);
    const renewal = held ? setInterval(() => void this.renew(key, token), this.ttlMs / 3) : undefined;
    try {
      await task();
    } finally {
      clearInterval(renewal);
      if (held) await this.release(chat, key, token);
    }
  }

  private get ttlMs(): number {
    return this.options.lockTtlMs ?? defaultLockTtlMs;
  }

  /** Keeps a long task's lock; a failed renewal only risks the order, which the version check does not need. */
  private async renew(key: string, token: string): Promise<void> {
    await this.options.redis.eval(renewScript, 1, key, token, String(this.ttlMs)).catch(() => undefined);
  }

  private async acquire(chat: string, key: string, token: string): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    try {
      while ((await this.options.redis.set(key, token, "PX", this.ttlMs, "NX")) !== "OK") {
        if (Date.now() >= deadline) {
          this.options.onLockProblem(chat, "another process held it too long");
          return false;
        }
        await sleep(retryEveryMs);
      }
      return true;
    } catch (error) {
      this.options.onLockProblem(chat, error instanceof Error ? error.message : String(error));
      return false;
    }
  }

  private async release(chat: string, key: string, token: string): Promise<void> {
    try {
      await this.options.redis.eval(releaseScript, 1, key, token);
    } catch (error) {
      // The TTL frees it soon enough; the message itself was handled.
      this.options.onLockProblem(chat, `release failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
