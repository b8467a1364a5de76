/** Estu's address of a WhatsApp citizen: the channel and the account's canonical JID. */
export function citizenIdOf(canonicalJid: string): string {
  return `whatsapp:${canonicalJid}`;
}

/** The canonical JID in a citizen's address; undefined for another channel's address. */
export function canonicalJidOf(citizenId: string): string | undefined {
  return citizenId.startsWith("whatsapp:") ? citizenId.slice("whatsapp:".length) : undefined;
}
