/**
 * One stored piece of the WhatsApp session: the credentials or one signal key.
 * `kind` is the key's type (`pre-key`, `session`, ..., or `creds`); `value` is its
 * serialized JSON, or null to delete it.
 */
export type SessionEntry = Readonly<{ kind: string; id: string; value: string | null }>;

/**
 * Where the WhatsApp link lives between restarts, one record per (kind, id). Values
 * are opaque JSON text: the adapter owns their format, the store only keeps them.
 */
export interface WhatsAppSessionStore {
  /** The stored values of these ids of one kind; ids with nothing stored are absent from the map. */
  read(kind: string, ids: readonly string[]): Promise<Map<string, string>>;
  /** Writes every entry (null deletes) before resolving: the session must survive a crash right after. */
  write(entries: readonly SessionEntry[]): Promise<void>;
  /** Forgets the whole session, after WhatsApp logged the device out. */
  clear(): Promise<void>;
}
