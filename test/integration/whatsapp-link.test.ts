// Linking Estu's WhatsApp session with fake sockets on the real MongoDB-wire server
// and Redis: a QR code or a pairing code, the restart WhatsApp asks for after pairing,
// a link that survives a restart, and the failures an operator must understand.
import { DisconnectReason, proto } from "@whiskeysockets/baileys";
import { Redis } from "ioredis";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useStoredAuthState } from "../../src/adapters/whatsapp/auth-state.js";
import { linkWhatsApp, type LinkOptions } from "../../src/adapters/whatsapp/link.js";
import { drawQr } from "../../src/adapters/whatsapp/terminal-qr.js";
import { SocketLease } from "../../src/adapters/whatsapp/socket-lease.js";
import { isLinked } from "../../src/adapters/whatsapp/socket-owner.js";
import { createLogger } from "../../src/logger.js";
import { MongoWhatsAppSessionStore } from "../../src/store/mongo-whatsapp-session-store.js";
import { FakeWhatsApp, type FakeBaileysSocket } from "../support/fake-baileys-socket.js";
import { openTestDatabase, redisUrl, uniqueName } from "../support/services.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
let session: MongoWhatsAppSessionStore;
const redis = new Redis(redisUrl());
let leaseKey: string;

beforeAll(async () => {
  database = await openTestDatabase("wa_link");
  session = new MongoWhatsAppSessionStore(database.connection);
});
beforeEach(async () => {
  leaseKey = `${uniqueName("wa")}:owner`;
  await session.clear();
});
afterAll(async () => {
  redis.disconnect();
  await database.drop();
});

/** A link run: the printed text, and the fake WhatsApp the phone talks to. */
function linking(overrides: Partial<LinkOptions> = {}) {
  const fake = new FakeWhatsApp(false);
  const printed: string[] = [];
  const result = linkWhatsApp({
    session,
    lease: new SocketLease(redis, leaseKey, 2_000),
    makeSocket: fake.makeSocket,
    print: (text) => printed.push(text),
    log: createLogger("silent"),
    draw: async (qr) => `[QR ${qr}]`,
    ...overrides,
  });
  return { fake, printed, result };
}

async function socketNumber(fake: FakeWhatsApp, count: number): Promise<FakeBaileysSocket> {
  for (let i = 0; i < 200 && fake.sockets.length < count; i++) await sleep(10);
  return fake.socket;
}

/** What pairing writes into the credentials. */
const pairedAccount = { me: { id: "77011234567:21@s.whatsapp.net", lid: "208934570918023:21@lid", name: "~" }, account: proto.ADVSignedDeviceIdentity.create({ details: Buffer.from([7]) }), platform: "android" };

describe("linking WhatsApp", () => {
  it("shows the QR code, pairs, reconnects as WhatsApp asks, and stores a link that survives a restart", async () => {
    const { fake, printed, result } = linking();
    const first = await socketNumber(fake, 1);
    first.qr("2@ref,noise,identity,adv");
    await sleep(20);
    expect(printed.join("")).toContain("[QR 2@ref,noise,identity,adv]");
    expect(printed.join("")).toContain("Linked devices → Link a device");
    // The lease keeps a running Estu from connecting meanwhile.
    expect(await redis.get(leaseKey)).not.toBeNull();

    first.paired(pairedAccount);
    first.close(DisconnectReason.restartRequired);
    const second = await socketNumber(fake, 2);
    second.open();
    await expect(result).resolves.toEqual({ account: "+77011234567", alreadyLinked: false });
    expect(second.ended).toBe(true);
    expect(await redis.get(leaseKey)).toBeNull();

    const restarted = await useStoredAuthState(session);
    expect(isLinked(restarted.state.creds)).toBe(true);
    expect(restarted.state.creds.me?.id).toBe("77011234567:21@s.whatsapp.net");
    expect(printed.at(-1)).toContain("Linked: Estu now uses WhatsApp as +77011234567");
  });

  it("asks for a pairing code for the number given, written the Kazakh way", async () => {
    const { fake, printed, result } = linking({ phone: "8 701 123-45-67" });
    const socket = await socketNumber(fake, 1);
    socket.qr("2@ref");
    socket.qr("2@ref2");
    await sleep(20);
    expect(socket.pairingRequests).toEqual(["77011234567"]);
    expect(printed.join("")).toContain("ESTU-2345");
    expect(printed.join("")).not.toContain("2@ref");
    socket.paired(pairedAccount);
    socket.open();
    await expect(result).resolves.toMatchObject({ alreadyLinked: false });
  });

  it("draws the QR code with the library, black on white for any terminal, and names the pairing code as the other way", async () => {
    const { fake, printed, result } = linking({ draw: drawQr });
    const socket = await socketNumber(fake, 1);
    socket.qr("2@raw-ref,c2VjcmV0,aWRlbnRpdHk=");
    await sleep(200);
    const text = printed.join("");
    // eslint-disable-next-line no-control-regex -- the rows are ANSI-coloured: black on a white background
    const rows = text.split("\n").filter((line) => /^\u001b\[47m\u001b\[30m[ ▀▄█]+\u001b\[0m$/.test(line));
    // Version 2 or more (25+ modules), two modules per row of half blocks, the same width on every row.
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
    expect(text).not.toContain("2@raw-ref");
    expect(text).toContain("--phone");
    socket.close(DisconnectReason.timedOut);
    await expect(result).rejects.toMatchObject({ code: "WHATSAPP_LINK_TIMED_OUT" });
  });

  it("leaves a linked session alone", async () => {
    const auth = await useStoredAuthState(session);
    Object.assign(auth.state.creds, pairedAccount);
    await auth.saveCreds();
    const { fake, printed, result } = linking();
    await expect(result).resolves.toEqual({ account: "+77011234567", alreadyLinked: true });
    expect(fake.sockets).toHaveLength(0);
    expect(printed.join("")).toContain("already linked");
  });

  it("starts afresh after an attempt that never finished", async () => {
    const auth = await useStoredAuthState(session);
    // A pairing-code request writes `me` before anything is linked.
    Object.assign(auth.state.creds, { me: { id: "77019999999@s.whatsapp.net", name: "~" } });
    await auth.saveCreds();
    const { fake, result } = linking();
    const socket = await socketNumber(fake, 1);
    expect(socket.options.auth.creds.me).toBeUndefined();
    socket.close(DisconnectReason.loggedOut);
    await expect(result).rejects.toMatchObject({ code: "WHATSAPP_LINK_REFUSED" });
  });

  it("refuses while another process holds the socket", async () => {
    await redis.set(leaseKey, "running-estu", "PX", 10_000);
    const { fake, result } = linking({ leaseWaitMs: 300 });
    await expect(result).rejects.toMatchObject({ code: "WHATSAPP_LEASE_HELD" });
    expect(fake.sockets).toHaveLength(0);
  });

  it("refuses a number too short to be one", async () => {
    const { result } = linking({ phone: "12345" });
    await expect(result).rejects.toMatchObject({ code: "WHATSAPP_PHONE_INVALID" });
  });
});
