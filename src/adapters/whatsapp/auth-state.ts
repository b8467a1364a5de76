import { BufferJSON, initAuthCreds, proto, type AuthenticationCreds, type AuthenticationState, type SignalDataSet, type SignalDataTypeMap, type SignalKeyStore } from "@whiskeysockets/baileys";
import type { SessionEntry, WhatsAppSessionStore } from "../../core/ports/whatsapp-session-store.js";

/** The credentials are one more entry beside the keys, under a kind no signal key has. */
const credsKind = "creds";
const credsId = "creds";

/** Baileys' authentication state kept in a session store, and the two writes the socket's owner makes. */
export type StoredAuthState = Readonly<{
  state: AuthenticationState;
  /** Writes `state.creds` as it is now; call it on every `creds.update`, after Baileys merged the update in. */
  saveCreds: () => Promise<void>;
  /** Forgets the stored session after a logout; open a new state afterwards, this one's creds are void. */
  clear: () => Promise<void>;
}>;

/**
 * Loads the WhatsApp session from the store, or starts new credentials (to pair with)
 * when none are stored; new credentials are written by the first `saveCreds`. Every
 * `keys.set` resolves only once the store has the change, so Baileys never relies on
 * a key that a crash would lose. Wrap `state.keys` in `makeCacheableSignalKeyStore`
 * for the socket: Baileys reads the same keys many times per message.
 */
export async function useStoredAuthState(store: WhatsAppSessionStore): Promise<StoredAuthState> {
  const stored = (await store.read(credsKind, [credsId])).get(credsId);
  const creds = stored === undefined ? initAuthCreds() : parseCreds(stored);
  const keys: SignalKeyStore = {
    async get<T extends keyof SignalDataTypeMap>(type: T, ids: string[]) {
      const found = await store.read(type, ids);
      const values: { [id: string]: SignalDataTypeMap[T] } = {};
      for (const [id, text] of found) values[id] = parseKey(type, text);
      return values;
    },
    async set(data: SignalDataSet) {
      await store.write(entriesOf(data));
    },
  };
  return {
    state: { creds, keys },
    saveCreds: () => store.write([{ kind: credsKind, id: credsId, value: serialize(creds) }]),
    clear: () => store.clear(),
  };
}

function entriesOf(data: SignalDataSet): SessionEntry[] {
  return Object.entries(data).flatMap(([kind, values]) =>
    Object.entries(values ?? {}).map(([id, value]) => ({ kind, id, value: value === null || value === undefined ? null : serialize(value) })),
  );
}

function serialize(value: unknown): string {
  return JSON.stringify(value, BufferJSON.replacer);
}

function parseKey<T extends keyof SignalDataTypeMap>(type: T, text: string): SignalDataTypeMap[T] {
  const value: unknown = JSON.parse(text, BufferJSON.reviver);
  // A protobuf message goes to JSON with its bytes as base64 text; its class turns them back into bytes.
  const revived: unknown = type === "app-state-sync-key" ? proto.Message.AppStateSyncKeyData.fromObject(value as proto.Message.IAppStateSyncKeyData) : value;
  return revived as SignalDataTypeMap[T];
}

function parseCreds(text: string): AuthenticationCreds {
  const creds = JSON.parse(text, BufferJSON.reviver) as AuthenticationCreds;
  // The signed device identity is a protobuf message too (see parseKey); Baileys signs with its bytes.
  return creds.account ? { ...creds, account: proto.ADVSignedDeviceIdentity.fromObject(creds.account) } : creds;
}
