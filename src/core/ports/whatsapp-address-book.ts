/**
 * The WhatsApp addresses (JIDs) a citizen has written from. WhatsApp names one
 * account by its phone-number JID and by its LID; the first JID Estu saw of an
 * account is its canonical one, and every other JID of it points there.
 */
export interface WhatsAppAddressBook {
  /**
   * Records a message from `jid` (and `alternateJid`, the same account's other JID
   * when WhatsApp sent it along), remembers `jid` as where replies go, and returns
   * the account's canonical JID.
   */
  register(jid: string, alternateJid: string | undefined): Promise<string>;
  /** The JID the account last wrote from; undefined when it never wrote to Estu. */
  replyJid(canonicalJid: string): Promise<string | undefined>;
}
