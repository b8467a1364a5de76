// The pure parts of the WhatsApp connection: what each close leads to, the backoff,
// and the pacing of sends, on a fake clock.
import { DisconnectReason } from "@whiskeysockets/baileys";
import { describe, expect, it } from "vitest";
import { backoffMs, closeActionOf, statusCodeOf } from "../../src/adapters/whatsapp/disconnect-policy.js";
import { Pacer, type PacerClock } from "../../src/adapters/whatsapp/pacer.js";
import { boom } from "../support/fake-baileys-socket.js";

describe("after a close", () => {
  it.each([
    [DisconnectReason.restartRequired, "restart"],
    [DisconnectReason.loggedOut, "logged_out"],
    [DisconnectReason.connectionReplaced, "replaced"],
    [DisconnectReason.forbidden, "forbidden"],
    [DisconnectReason.connectionClosed, "reconnect"],
    [DisconnectReason.connectionLost, "reconnect"],
    [DisconnectReason.badSession, "reconnect"],
    [DisconnectReason.multideviceMismatch, "reconnect"],
    [DisconnectReason.unavailableService, "reconnect"],
    [undefined, "reconnect"],
  ])("status %s leads to %s", (statusCode, action) => {
    expect(closeActionOf(statusCode)).toBe(action);
  });

  it("reads the status code from Baileys' Boom error, and nothing from other errors", () => {
    expect(statusCodeOf(boom(515))).toBe(515);
    expect(statusCodeOf(new Error("socket hang up"))).toBeUndefined();
    expect(statusCodeOf({ output: { statusCode: "401" } })).toBeUndefined();
    expect(statusCodeOf(undefined)).toBeUndefined();
  });

  it("doubles the pause from the base up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((attempt) => backoffMs(attempt, 2_000, 60_000))).toEqual([2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000, 60_000]);
  });
});

/** A clock that moves only when the pacer sleeps. */
function fakeClock(): PacerClock & { slept: number[] } {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  };
}

describe("pacer", () => {
  it("keeps a gap between messages to one chat and a cap on all messages in any minute", async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perChatGapMs: 1_000, perMinute: 20 }, clock);
    const sends: { chat: string; at: number }[] = [];
    // 30 messages to 3 chats, all asked for at once.
    const chats = Array.from({ length: 30 }, (_, i) => `chat-${i % 3}`);
    await Promise.all(chats.map((chat) => pacer.run(chat, async () => sends.push({ chat, at: clock.now() }))));

    expect(sends.map((send) => send.chat)).toEqual(chats);
    for (const chat of ["chat-0", "chat-1", "chat-2"]) {
      const times = sends.filter((send) => send.chat === chat).map((send) => send.at);
      for (let i = 1; i < times.length; i++) expect((times[i] ?? 0) - (times[i - 1] ?? 0)).toBeGreaterThanOrEqual(1_000);
    }
    const times = sends.map((send) => send.at);
    for (const start of times) expect(times.filter((at) => at >= start && at < start + 60_000).length).toBeLessThanOrEqual(20);
    // The first 20 go as soon as the chats' gaps allow; the 21st waits for the minute.
    expect((times[20] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
  });

  it("sends to different chats without a gap while under the cap", async () => {
    const clock = fakeClock();
    const pacer = new Pacer({ perChatGapMs: 1_000, perMinute: 20 }, clock);
    await Promise.all(["a", "b", "c"].map((chat) => pacer.run(chat, async () => undefined)));
    expect(clock.slept).toEqual([]);
  });

  it("goes on with the next send after one fails", async () => {
    const pacer = new Pacer({ perChatGapMs: 1_000, perMinute: 20 }, fakeClock());
    const failed = pacer.run("a", async () => {
      throw new Error("refused");
    });
    const next = pacer.run("a", async () => "sent");
    await expect(failed).rejects.toThrow("refused");
    await expect(next).resolves.toBe("sent");
  });
});
