import { randomUUID } from "node:crypto";
import type { Redis } from "ioredis";

/** Extends the lease only while it is still ours: another process may hold it after our pause past the TTL. */
const renewScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("pexpire", KEYS[1], ARGV[2]) else return 0 end`;
const releaseScript = `if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) else return 0 end`;

/**
 * The right to hold the WhatsApp socket: WhatsApp allows one connection per linked
 * device, and two processes taking it from each other would both fail. One Redis key
 * holds the owner's random token with a TTL; the owner renews it well before it
 * runs out, and a process that dies leaves it to expire for a standby to take.
 */
export class SocketLease {
  private readonly token = randomUUID();

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    readonly ttlMs: number,
  ) {}

  /** Takes the lease if nobody holds it (or keeps it if this process does); true when held. */
  async acquire(): Promise<boolean> {
    if ((await this.redis.set(this.key, this.token, "PX", this.ttlMs, "NX")) === "OK") return true;
    return this.renew();
  }

  /** Extends the lease by its TTL; false when it is not ours any more. */
  async renew(): Promise<boolean> {
    return (await this.redis.eval(renewScript, 1, this.key, this.token, String(this.ttlMs))) === 1;
  }

  /** Gives the lease up at once, so a standby need not wait for the TTL. */
  async release(): Promise<void> {
    await this.redis.eval(releaseScript, 1, this.key, this.token);
  }

  /**
   * Renews the lease every `everyMs` until the returned function is called.
   * `onLost` is called once when the lease is gone: another process holds it, or
   * Redis could not be reached to renew it before it runs out (the socket must be
   * closed before a standby may take over).
   */
  keep(everyMs: number, onLost: (why: string) => void, onProblem: (problem: string) => void): () => void {
    let renewedAt = Date.now();
    let stopped = false;
    let renewing = false;
    const lost = (why: string) => {
      stop();
      onLost(why);
    };
    const tick = async () => {
      renewing = true;
      try {
        const renewed = await this.renew();
        if (stopped) return;
        if (renewed) renewedAt = Date.now();
        else lost("another process holds the lease");
      } catch (error) {
        if (stopped) return;
        const problem = error instanceof Error ? error.message : String(error);
        // The next tick would come after the lease ran out: give it up now.
        if (Date.now() + everyMs >= renewedAt + this.ttlMs) lost(`it could not be renewed in time: ${problem}`);
        else onProblem(problem);
      } finally {
        renewing = false;
      }
    };
    const timer = setInterval(() => {
      if (!stopped && !renewing) void tick();
    }, everyMs);
    const stop = () => {
      stopped = true;
      clearInterval(timer);
    };
    return stop;
  }
}
