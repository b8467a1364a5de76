// The WhatsApp socket's owner on the real Redis (the lease) and MongoDB-wire server
// (the session), with fake sockets: what each close leads to, one owner among
// contenders, a standby taking over, and resends answered from stored messages.
import { DisconnectReason, initAuthCreds, proto } from "@whiskeysockets/baileys";
import { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useStoredAuthState } from "../../src/adapters/whatsapp/auth-state.js";
import { SocketLease } from "../../src/adapters/whatsapp/socket-lease.js";
import { SocketOwner, type OwnerTiming, type StopReason } from "../../src/adapters/whatsapp/socket-owner.js";
import { createLogger } from "../../src/logger.js";
import { MongoWhatsAppSentMessages } from "../../src/store/mongo-whatsapp-sent-messages.js";
import { MongoWhatsAppSessionStore } from "../../src/store/mongo-whatsapp-session-store.js";
import { FakeWhatsApp } from "../support/fake-baileys-socket.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let session: MongoWhatsAppSessionStore;
let sentMessages: MongoWhatsAppSentMessages;
const log = createLogger("silent");
/** Short enough for a test, long enough that a slow machine still renews in time. */
const leaseTtlMs = 900;
const timing: OwnerTiming = { renewEveryMs: 150, standbyPollMs: 100, backoffBaseMs: 20, backoffCapMs: 80 };

beforeAll(async () => {
  database = await openTestDatabase("wa_owner");
  session = new MongoWhatsAppSessionStore(database.connection);
  sentMessages = new MongoWhatsAppSentMessages(database.connection);
});
afterAll(() => database.drop());

/** Stores a session as it is after pairing. */
async function link(): Promise<void> {
  const auth = await useStoredAuthState(session);
  Object.assign(auth.state.creds, { ...initAuthCreds(), me: { id: "77000000001:3@s.whatsapp.net", lid: "99000000001:3@lid" }, account: proto.ADVSignedDeviceIdentity.create({ details: Buffer.from([1]) }) });
  await auth.saveCreds();
}

/** One Estu process: its own Redis connection, lease and owner, and what it reported. */
class Process {
  readonly redis = new Redis(redisUrl(), { maxRetriesPerRequest: 1 });
  readonly owner: SocketOwner;
  readonly loggedOut: number[] = [];
  readonly stopped: StopReason[] = [];

  constructor(
    readonly fake: FakeWhatsApp,
    readonly leaseKey: string,
    overrides: Partial<OwnerTiming> = {},
  ) {
    this.redis.on("error", () => undefined);
    this.owner = new SocketOwner({
      makeSocket: fake.makeSocket,
      session,
      lease: new SocketLease(this.redis, leaseKey, leaseTtlMs),
      sentMessages,
      timing: { ...timing, ...overrides },
      log,
      attach: () => undefined,
      onLoggedOut: () => void this.loggedOut.push(Date.now()),
      onStopped: (reason) => void this.stopped.push(reason),
    });
  }

  async close(): Promise<void> {
    await this.owner.stop();
    this.redis.disconnect();
  }
}

const processes: Process[] = [];
function startProcess(fake = new FakeWhatsApp(), key = leaseKey, overrides: Partial<OwnerTiming> = {}): Process {
  const process = new Process(fake, key, overrides);
  processes.push(process);
  process.owner.start();
  return process;
}

let leaseKey: string;
beforeEach(async () => {
  leaseKey = `${uniqueName("wa")}:owner`;
  await session.clear();
});
afterEach(async () => {
  await Promise.all(processes.splice(0).map((process) => process.close()));
});

/** Waits until `condition` holds; fails the test with `what` after a few seconds. */
async function until(what: string, condition: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await condition()) return;
    await sleep(25);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe("WhatsApp socket owner", () => {
  it("connects with the stored session and saves the credentials Baileys updates", async () => {
    await link();
    const { fake, owner } = startProcess();
    await until("the connection", () => owner.status().connection === "open");
    expect(owner.status()).toMatchObject({ role: "owner", linked: true });
    expect(fake.sockets).toHaveLength(1);
    expect(fake.socket.options.auth.creds.me?.id).toBe("77000000001:3@s.whatsapp.net");

    fake.socket.options.auth.creds.nextPreKeyId = 4_242;
    fake.socket.ev.emit("creds.update", { nextPreKeyId: 4_242 });
    await until("the saved credentials", async () => (await useStoredAuthState(session)).state.creds.nextPreKeyId === 4_242);
  });

  it("waits without a socket while WhatsApp is not linked, and starts once it is", async () => {
    const { fake, owner } = startProcess();
    await until("a look at the session", () => owner.status().linked === false);
    await sleep(250);
    expect(fake.sockets).toHaveLength(0);
    expect(owner.status().role).toBe("standby");
    // The lease is free for the linking command.
    expect(await processes[0]?.redis.get(leaseKey)).toBeNull();

    await link();
    await until("the connection", () => owner.status().connection === "open");
    expect(fake.sockets).toHaveLength(1);
  });

  it("reconnects at once when WhatsApp asks for a restart", async () => {
    await link();
    // A backoff this long would fail the test: a restart must not wait for it.
    const { fake, owner } = startProcess(new FakeWhatsApp(), leaseKey, { backoffBaseMs: 60_000, backoffCapMs: 60_000 });
    await until("the connection", () => owner.status().connection === "open");
    fake.socket.close(DisconnectReason.restartRequired);
    await until("a second socket", () => fake.sockets.length === 2 && owner.status().connection === "open");
    expect(owner.status().reconnectAttempts).toBe(0);
  });

  it.each([
    ["connection closed", DisconnectReason.connectionClosed],
    ["connection lost", DisconnectReason.connectionLost],
    ["bad session", DisconnectReason.badSession],
    ["service unavailable", DisconnectReason.unavailableService],
  ])("reconnects after a pause when the %s", async (_, statusCode) => {
    await link();
    const fake = new FakeWhatsApp(false);
    const { owner } = startProcess(fake);
    await until("a socket", () => fake.sockets.length === 1);
    // Closed before it ever opened, twice: each reconnect waits longer.
    fake.socket.close(statusCode);
    await until("a second socket", () => fake.sockets.length === 2);
    expect(owner.status()).toMatchObject({ role: "owner", reconnectAttempts: 1 });
    fake.socket.close(statusCode);
    await until("a third socket", () => fake.sockets.length === 3);
    expect(owner.status().reconnectAttempts).toBe(2);
    fake.socket.open();
    expect(owner.status()).toMatchObject({ connection: "open", reconnectAttempts: 0 });
    expect(processes[0]?.loggedOut).toEqual([]);
  });

  it("clears the session and tells the operator when WhatsApp logged Estu out, then waits for a new link", async () => {
    await link();
    const process = startProcess();
    const { fake, owner } = process;
    await until("the connection", () => owner.status().connection === "open");
    fake.socket.close(DisconnectReason.loggedOut);
    await until("the report", () => process.loggedOut.length === 1);
    expect(owner.status()).toMatchObject({ role: "standby", connection: "closed", linked: false });
    expect(await database.connection.collection("whatsapp_session").countDocuments()).toBe(0);
    await sleep(300);
    expect(fake.sockets).toHaveLength(1);
    expect(process.loggedOut).toHaveLength(1);

    await link();
    await until("the new link in use", () => fake.sockets.length === 2 && owner.status().connection === "open");
  });

  it.each([
    ["another client took the session over", DisconnectReason.connectionReplaced, "replaced"],
    ["WhatsApp refuses the account", DisconnectReason.forbidden, "forbidden"],
  ])("stops and reports when %s, and keeps the standby from taking the session back", async (_, statusCode, reason) => {
    await link();
    const first = startProcess();
    await until("the connection", () => first.owner.status().connection === "open");
    const standby = startProcess();
    first.fake.socket.close(statusCode);
    await until("the report", () => first.stopped.length === 1);
    expect(first.stopped).toEqual([reason]);
    expect(first.owner.status()).toMatchObject({ role: "stopped", stoppedBecause: reason, connection: "closed" });
    // Longer than the lease: the stopped owner keeps it, so nobody fights for the session.
    await sleep(leaseTtlMs + 400);
    expect(first.fake.sockets).toHaveLength(1);
    expect(standby.fake.sockets).toHaveLength(0);
    // The session stays: it is not void, only in use elsewhere (or refused).
    expect(await database.connection.collection("whatsapp_session").countDocuments()).toBeGreaterThan(0);

    // Restarting Estu (here: stopping the process) lets a standby try again.
    await first.owner.stop();
    await until("the standby's connection", () => standby.owner.status().connection === "open");
  });

  it("lets one of two contending processes connect; the other stands by", async () => {
    await link();
    const [a, b] = [startProcess(), startProcess()];
    await until("one connection", () => a.owner.status().connection === "open" || b.owner.status().connection === "open");
    await sleep(400);
    const roles = [a, b].map((process) => process.owner.status().role).sort();
    expect(roles).toEqual(["owner", "standby"]);
    expect(a.fake.sockets.length + b.fake.sockets.length).toBe(1);
  });

  it("hands over to the standby when the owner stops renewing its lease", async () => {
    await link();
    const owner = startProcess();
    await until("the owner's connection", () => owner.owner.status().connection === "open");
    const standby = startProcess();
    await sleep(300);
    expect(standby.fake.sockets).toHaveLength(0);

    // The owner can no longer reach Redis: it must close its socket before its lease runs out.
    owner.redis.disconnect();
    await until("the owner closing its socket", () => owner.fake.socket.ended);
    expect(owner.owner.status().role).toBe("standby");
    await until("the standby's connection", () => standby.owner.status().connection === "open");
    expect(standby.owner.status().role).toBe("owner");
  });

  it("closes the socket at once when another process holds the lease", async () => {
    await link();
    const process = startProcess();
    await until("the connection", () => process.owner.status().connection === "open");
    await process.redis.set(leaseKey, "another-process", "PX", 5_000);
    await until("the socket closed", () => process.fake.socket.ended);
    expect(process.owner.status()).toMatchObject({ role: "standby", connection: "closed" });
    expect(process.owner.openSocket()).toBeUndefined();
  });

  it("gives the lease up on stop, so a standby takes over without waiting for it to expire", async () => {
    await link();
    const first = startProcess(new FakeWhatsApp(), leaseKey);
    await until("the connection", () => first.owner.status().connection === "open");
    const standby = startProcess(new FakeWhatsApp(), leaseKey, { standbyPollMs: 50 });
    await first.owner.stop();
    expect(first.fake.socket.ended).toBe(true);
    expect(first.owner.status().role).toBe("stopped");
    await until("the standby's connection", () => standby.owner.status().connection === "open");
  });

  it("answers a phone's request for a message Estu sent from the stored messages", async () => {
    await link();
    const { fake, owner } = startProcess();
    await until("the connection", () => owner.status().connection === "open");
    const message = proto.Message.fromObject({ extendedTextMessage: { text: "Өтінішіңіз тіркелді." } });
    await sentMessages.record({ id: "3EB0RESEND", citizenId: "whatsapp:1@s.whatsapp.net", content: proto.Message.encode(message).finish(), deliveryRef: undefined, sentAt: new Date() });
    const answered = await fake.socket.options.getMessage({ remoteJid: "1@s.whatsapp.net", fromMe: true, id: "3EB0RESEND" });
    expect(answered?.extendedTextMessage?.text).toBe("Өтінішіңіз тіркелді.");
    expect(await fake.socket.options.getMessage({ remoteJid: "1@s.whatsapp.net", fromMe: true, id: "unknown" })).toBeUndefined();
  });
});
