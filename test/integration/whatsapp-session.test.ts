// Baileys' auth state in MongoDB: written by one process, read back whole by the next.
import { randomBytes } from "node:crypto";
import { initAuthCreds, proto, type AuthenticationCreds, type SignalDataSet, type SignalDataTypeMap } from "@whiskeysockets/baileys";
import mongoose, { type Connection } from "mongoose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { useStoredAuthState, type StoredAuthState } from "../../src/adapters/whatsapp/auth-state.js";
import { MongoWhatsAppSessionStore } from "../../src/store/mongo-whatsapp-session-store.js";
import { mongoUri, openTestDatabase } from "../support/services.js";

let database: Awaited<ReturnType<typeof openTestDatabase>>;
const restarts: Connection[] = [];

beforeAll(async () => {
  database = await openTestDatabase("wa_session");
});
beforeEach(async () => {
  await new MongoWhatsAppSessionStore(database.connection).clear();
});
afterAll(async () => {
  await Promise.all(restarts.map((connection) => connection.close()));
  await database.drop();
});

/** What a new process sees: its own connection to the same database, and the state loaded from it. */
async function restart(): Promise<StoredAuthState> {
  const connection = mongoose.createConnection(mongoUri(), { dbName: database.connection.name, autoIndex: false });
  restarts.push(connection);
  await connection.asPromise();
  return useStoredAuthState(new MongoWhatsAppSessionStore(connection));
}

const bytes = (length: number): Buffer => randomBytes(length);
const keyPair = (): SignalDataTypeMap["pre-key"] => ({ public: bytes(32), private: bytes(32) });

/** Credentials as they are after pairing: every optional field Baileys fills in is filled in. */
function pairedCreds(): AuthenticationCreds {
  return {
    ...initAuthCreds(),
    me: { id: "77011234567:12@s.whatsapp.net", lid: "208934570918023:12@lid", name: "Estu" },
    account: proto.ADVSignedDeviceIdentity.create({ details: bytes(40), accountSignatureKey: bytes(32), accountSignature: bytes(64), deviceSignature: bytes(64) }),
    signalIdentities: [{ identifier: { name: "208934570918023:12@lid", deviceId: 0 }, identifierKey: bytes(33) }],
    myAppStateKeyId: "AAAAAKz5",
    firstUnuploadedPreKeyId: 31,
    nextPreKeyId: 31,
    lastAccountSyncTimestamp: 1_764_300_000,
    platform: "android",
    processedHistoryMessages: [{ key: { remoteJid: "77011234567@s.whatsapp.net", fromMe: true, id: "3EB0C0FFEE" }, messageTimestamp: 1_764_300_000 }],
    accountSyncCounter: 1,
    accountSettings: { unarchiveChats: false, defaultDisappearingMode: { ephemeralExpiration: 0 } },
    registered: true,
    pairingCode: "K7Q2MX9P",
    lastPropHash: "3R7ZDd",
    routingInfo: bytes(12),
  };
}

/** One key of every type of Baileys 7; typed so that a key type added by a new Baileys breaks the build here. */
function everyKeyType(): Required<SignalDataSet> {
  return {
    "pre-key": { "1": keyPair(), "812": keyPair() },
    // Typed as bytes, but libsignal really hands over its session record as an object; both must survive.
    session: {
      "77011234567.0": bytes(180),
      "208934570918023_1.3": { _sessions: { BaSeKeY: { registrationId: 4321, currentRatchet: { rootKey: "cm9vdA==", previousCounter: 0 }, chains: { Q2hhaW4: { messageKeys: { "7": "a2V5" } } } } }, version: "v1" } as unknown as Uint8Array,
    },
    "sender-key": { "120363025246125888@g.us::208934570918023::3": Buffer.from(JSON.stringify([{ senderKeyId: 7 }]), "utf-8") },
    "sender-key-memory": { "120363025246125888@g.us": { "77011234567:3@s.whatsapp.net": true, "208934570918023:0@lid": false } },
    "app-state-sync-key": {
      AAAAAKz5: proto.Message.AppStateSyncKeyData.fromObject({ keyData: bytes(32), fingerprint: { rawId: 12345, currentIndex: 2, deviceIndexes: [0, 12] }, timestamp: 1_764_300_000_000 }),
    },
    "app-state-sync-version": {
      regular_high: { version: 42, hash: bytes(128), indexValueMap: { "bWFjMQ==": { valueMac: bytes(32) }, "bWFjMg==": { valueMac: bytes(32) } } },
    },
    "lid-mapping": { "77011234567": "208934570918023", "208934570918023_reverse": "77011234567" },
    "device-list": { "77011234567": ["0", "12"] },
    tctoken: { "208934570918023@lid": { token: bytes(24), timestamp: "1764300000", senderTimestamp: 1_764_300_001 } },
    "identity-key": { "208934570918023_1.0": bytes(33) },
  };
}

async function readBack(auth: StoredAuthState, data: SignalDataSet): Promise<SignalDataSet> {
  const result: Record<string, unknown> = {};
  for (const [type, values] of Object.entries(data)) {
    result[type] = await auth.state.keys.get(type as keyof SignalDataTypeMap, Object.keys(values ?? {}));
  }
  return result as SignalDataSet;
}

describe("WhatsApp session store", () => {
  it("reads back identical credentials and keys of every type after a restart", async () => {
    const first = await restart();
    const creds = pairedCreds();
    Object.assign(first.state.creds, creds);
    const keys = everyKeyType();
    await first.saveCreds();
    await first.state.keys.set(keys);

    const second = await restart();
    expect(second.state.creds).toEqual(creds);
    expect(second.state.creds.account).toBeInstanceOf(proto.ADVSignedDeviceIdentity);
    expect(Buffer.isBuffer(second.state.creds.account?.details)).toBe(true);
    expect(Buffer.isBuffer(second.state.creds.noiseKey.private)).toBe(true);
    expect(await readBack(second, keys)).toEqual(keys);
    const { AAAAAKz5: appStateKey } = await second.state.keys.get("app-state-sync-key", ["AAAAAKz5"]);
    expect(appStateKey).toBeInstanceOf(proto.Message.AppStateSyncKeyData);
    expect(Buffer.isBuffer(appStateKey?.keyData)).toBe(true);
    const { "1": preKey } = await second.state.keys.get("pre-key", ["1"]);
    expect(Buffer.isBuffer(preKey?.private)).toBe(true);
  });

  it("keeps one document per key", async () => {
    const auth = await restart();
    await auth.saveCreds();
    const keys = everyKeyType();
    await auth.state.keys.set(keys);
    const count = Object.values(keys).reduce((sum, values) => sum + Object.keys(values).length, 0);
    expect(await database.connection.collection("whatsapp_session").countDocuments()).toBe(count + 1);
    expect(await database.connection.collection("whatsapp_session").findOne({ _id: "lid-mapping:208934570918023_reverse" as never })).toMatchObject({ kind: "lid-mapping" });
  });

  it("leaves out ids it has nothing for", async () => {
    const auth = await restart();
    await auth.state.keys.set({ "pre-key": { "5": keyPair() } });
    expect(Object.keys(await auth.state.keys.get("pre-key", ["4", "5", "6"]))).toEqual(["5"]);
  });

  it("deletes a key set to null and overwrites a key set again", async () => {
    const auth = await restart();
    await auth.state.keys.set(everyKeyType());
    const replacement = bytes(33);
    await auth.state.keys.set({ session: { "77011234567.0": null }, "identity-key": { "208934570918023_1.0": replacement } });

    const later = await restart();
    expect(await later.state.keys.get("session", ["77011234567.0", "208934570918023_1.3"])).not.toHaveProperty("77011234567.0");
    expect(await later.state.keys.get("session", ["208934570918023_1.3"])).toHaveProperty("208934570918023_1.3");
    expect(await later.state.keys.get("identity-key", ["208934570918023_1.0"])).toEqual({ "208934570918023_1.0": replacement });
  });

  it("starts new credentials when none are stored and keeps them once saved", async () => {
    const fresh = await restart();
    expect(fresh.state.creds).toMatchObject({ registered: false, nextPreKeyId: 1 });
    // Not saved yet: another start would pair with other keys.
    expect((await restart()).state.creds.noiseKey).not.toEqual(fresh.state.creds.noiseKey);

    await fresh.saveCreds();
    // Baileys merges each `creds.update` into the same object before the owner saves it.
    Object.assign(fresh.state.creds, { nextPreKeyId: 813, firstUnuploadedPreKeyId: 813 });
    await fresh.saveCreds();
    const again = await restart();
    expect(again.state.creds.noiseKey).toEqual(fresh.state.creds.noiseKey);
    expect(again.state.creds.nextPreKeyId).toBe(813);
  });

  it("forgets everything on clear, so the next start pairs again", async () => {
    const auth = await restart();
    Object.assign(auth.state.creds, pairedCreds());
    await auth.saveCreds();
    await auth.state.keys.set(everyKeyType());
    await auth.clear();

    expect(await database.connection.collection("whatsapp_session").countDocuments()).toBe(0);
    const next = await restart();
    expect(next.state.creds.registered).toBe(false);
    expect(await next.state.keys.get("lid-mapping", ["77011234567"])).toEqual({});
  });
});
