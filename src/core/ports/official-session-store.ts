/**
 * What the admin bot remembers of one official between messages: the action they
 * are composing (an answer being written, a forward waiting for its reason) and the
 * messages already handled. `pending` is the admin console's own shape, checked by it
 * when read back.
 */
export type OfficialSession = Readonly<{
  /** The official's admin-bot address. */
  id: string;
  pending: Readonly<Record<string, unknown>> | null;
  handledKeys: readonly string[];
  version: number;
}>;

/** Sessions by official address, saved with a version check like conversations. */
export interface OfficialSessionStore {
  load(id: string): Promise<OfficialSession | undefined>;
  /** Saves if the stored version is still `session.version` (or absent when 0); false when another write came first. */
  save(session: OfficialSession): Promise<boolean>;
}
