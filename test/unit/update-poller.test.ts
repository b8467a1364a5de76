// The Telegram poller without Telegram: an in-memory update queue that behaves like
// getUpdates (updates stay until an offset above them confirms them).
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import { isPermanent, pauseMs, UpdatePoller, type UpdatePollerOptions } from "../../src/adapters/telegram/update-poller.js";

const text = (updateId: number, chat: number): Update =>
  ({ update_id: updateId, message: { message_id: updateId, date: 0, chat: { id: chat, type: "private", first_name: "A" }, text: `m${updateId}` } }) as Update;

/** Updates as Telegram keeps them, the offsets asked for, and a way to stop once everything was handled. */
class Updates {
  readonly offsets: number[] = [];
  constructor(private pending: Update[]) {}

  /** A new update arriving at Telegram. */
  add(update: Update): void {
    this.pending.push(update);
  }

  confirm = async (offset: number): Promise<void> => {
    this.offsets.push(offset);
    this.pending = this.pending.filter((update) => update.update_id >= offset);
  };

  fetch = async (offset: number, signal: AbortSignal): Promise<readonly Update[]> => {
    await this.confirm(offset);
    if (this.pending.length > 0) return this.pending.slice(0, 100);
    await new Promise((resolve) => signal.addEventListener("abort", resolve, { once: true }));
    throw new Error("aborted");
  };
}

function poller(updates: Updates, options: Partial<UpdatePollerOptions>): UpdatePoller {
  return new UpdatePoller({
    fetch: updates.fetch,
    confirm: updates.confirm,
    handle: async () => undefined,
    onDelayed: async () => undefined,
    onFailure: () => undefined,
    onPollFailure: () => undefined,
    backoff: { firstMs: 1, maxMs: 4 },
    ...options,
  });
}

/** Resolves once `done` is true, checking after each turn of the event loop. */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 2));
}

describe("Telegram update poller", () => {
  it("handles chats side by side and each chat in order", async () => {
    const started: number[] = [];
    const finished: number[] = [];
    const releases = new Map<number, () => void>();
    const updates = new Updates([text(1, 10), text(2, 20), text(3, 10), text(4, 20)]);
    const running = poller(updates, {
      handle: async (update) => {
        started.push(update.update_id);
        await new Promise<void>((resolve) => releases.set(update.update_id, resolve));
        finished.push(update.update_id);
      },
    });
    void running.start();
    // Both chats' first updates run at once; neither chat's second starts before its first ended.
    await until(() => started.length === 2);
    expect(started).toEqual([1, 2]);
    releases.get(2)?.();
    await until(() => started.length === 3);
    expect(started).toEqual([1, 2, 4]);
    releases.get(1)?.();
    releases.get(4)?.();
    await until(() => started.length === 4);
    releases.get(3)?.();
    await until(() => updates.offsets.includes(5));
    expect(finished.sort()).toEqual([1, 2, 3, 4]);
    await running.stop();
  });

  it("tries a failed update again instead of skipping it, never confirms it before, and tells its chat once to wait", async () => {
    const updates = new Updates([text(1, 10), text(2, 10), text(3, 20)]);
    const handled: number[] = [];
    const delayed: number[] = [];
    const failures: boolean[] = [];
    let storageDown = 3;
    let offsetsBeforeFirstHandled: number[] = [];
    const running = poller(updates, {
      handle: async (update) => {
        if (update.update_id === 1 && storageDown-- > 0) throw new Error("connection to the store was lost");
        if (update.update_id === 1) offsetsBeforeFirstHandled = [...updates.offsets];
        handled.push(update.update_id);
      },
      onDelayed: async (update) => void delayed.push(update.update_id),
      onFailure: (_, __, retrying) => failures.push(retrying),
    });
    void running.start();
    await until(() => updates.offsets.includes(4));
    // Chat 10 kept its order through the retries; chat 20 did not wait for it.
    expect(handled).toEqual([3, 1, 2]);
    expect(delayed).toEqual([1]);
    expect(failures).toEqual([true, true, true]);
    // While update 1 was failing, no poll confirmed it (every offset stayed at or below it); all are confirmed after.
    expect(offsetsBeforeFirstHandled.length).toBeGreaterThan(0);
    expect(offsetsBeforeFirstHandled.every((offset) => offset <= 1)).toBe(true);
    expect(updates.offsets.at(-1)).toBe(4);
    await running.stop();
  });

  it("starts new chats' updates while a slow update is still handled, without confirming the slow one", async () => {
    const updates = new Updates([text(1, 10), text(2, 20)]);
    const handled: number[] = [];
    let release = () => undefined as void;
    const slow = new Promise<void>((resolve) => (release = resolve));
    const running = poller(updates, {
      handle: async (update) => {
        if (update.update_id === 1) await slow;
        handled.push(update.update_id);
      },
    });
    void running.start();
    await until(() => handled.includes(2));
    updates.add(text(3, 30));
    updates.add(text(4, 10));
    await until(() => handled.includes(3));
    // Chat 10's second update waits behind its first; nothing from update 1 on was confirmed.
    expect(handled).toEqual([2, 3]);
    expect(updates.offsets.every((offset) => offset <= 1)).toBe(true);
    release();
    await until(() => updates.offsets.includes(5));
    expect(handled).toEqual([2, 3, 1, 4]);
    await running.stop();
  });

  it("on stop confirms only up to the oldest update not handled, so that one and those after it come again", async () => {
    const updates = new Updates([text(1, 10), text(2, 20), text(3, 20)]);
    const handled: number[] = [];
    const running = poller(updates, {
      handle: async (update) => {
        if (update.update_id === 1) throw new Error("store down");
        handled.push(update.update_id);
      },
    });
    void running.start();
    await until(() => handled.length === 2);
    await running.stop();
    expect(updates.offsets.at(-1)).toBe(1);
  });

  it("gives up on an update failing from a bug after a few tries, so other chats are not held for ever", async () => {
    const updates = new Updates([text(1, 10), text(2, 10)]);
    const handled: number[] = [];
    const failures: boolean[] = [];
    const running = poller(updates, {
      handle: async (update) => {
        if (update.update_id === 1) throw new TypeError("a bug");
        handled.push(update.update_id);
      },
      onFailure: (_, __, retrying) => failures.push(retrying),
    });
    void running.start();
    await until(() => updates.offsets.includes(3));
    expect(failures).toEqual([true, true, false]);
    expect(handled).toEqual([2]);
    await running.stop();
  });

  it("after giving up on an update that kept failing, tells its chat again to wait at its next failure", async () => {
    const updates = new Updates([text(1, 10), text(2, 10)]);
    const delayed: number[] = [];
    const handled: number[] = [];
    let secondFailures = 1;
    const running = poller(updates, {
      handle: async (update) => {
        if (update.update_id === 1 || secondFailures-- > 0) throw new Error("connection to the store was lost");
        handled.push(update.update_id);
      },
      onDelayed: async (update) => void delayed.push(update.update_id),
      backoff: { firstMs: 0, maxMs: 0 },
    });
    void running.start();
    await until(() => updates.offsets.includes(3));
    expect(handled).toEqual([2]);
    expect(delayed).toEqual([1, 2]);
    await running.stop();
  });

  it("on stop leaves a batch that was not handled unconfirmed, so Telegram delivers it again", async () => {
    const updates = new Updates([text(7, 10)]);
    const running = poller(updates, { handle: async () => Promise.reject(new Error("store down")) });
    void running.start();
    await until(() => updates.offsets.length > 0);
    await running.stop();
    expect(updates.offsets.every((offset) => offset <= 7)).toBe(true);
  });

  it("computes pauses and tells passing failures from permanent ones", () => {
    expect([1, 2, 3, 10].map((attempt) => pauseMs(attempt, { firstMs: 500, maxMs: 30_000 }))).toEqual([500, 1_000, 2_000, 30_000]);
    expect(isPermanent(new TypeError("x"))).toBe(true);
    expect(isPermanent(new Error("MongoNetworkError"))).toBe(false);
  });
});
