import { randomUUID } from "node:crypto";
import type { Connection } from "mongoose";

export type UnlinkResult = Readonly<{ ok: true; appeals: number }> | Readonly<{ ok: false; reason: "unknown_number" }>;

/**
 * Parts a WhatsApp number from the citizen who used it, when the operator gave the number to
 * someone else: the old owner's appeals move to an address nobody can write from (their
 * notifications fail as undeliverable, which the appeal card shows, so officials reach them
 * otherwise), and the old owner's profile, conversation and kept messages are deleted, so the
 * new owner starts afresh: consent asked again, no old name or IIN offered, no old appeals shown.
 * Each write is idempotent; run it again if it stopped halfway.
 */
export async function unlinkWhatsAppNumber(connection: Connection, phoneDigits: string): Promise<UnlinkResult> {
  const db = connection.db;
  if (!db) throw new Error("unlinking needs an open MongoDB connection");
  const address = await db.collection<{ _id: string; canonicalJid: string }>("whatsapp_addresses").findOne({ _id: `${phoneDigits}@s.whatsapp.net` });
  if (!address) return { ok: false, reason: "unknown_number" };
  const citizenId = `whatsapp:${address.canonicalJid}`;
  // Still a WhatsApp address, so the delivery worker reports it undeliverable instead of waiting for its channel.
  const retired = `whatsapp:unlinked-${randomUUID()}@s.whatsapp.net`;
  const moved = await db.collection("appeals").updateMany({ citizenId }, { $set: { citizenId: retired } });
  await Promise.all([
    db.collection<{ _id: string }>("citizens").deleteOne({ _id: citizenId }),
    db.collection<{ _id: string }>("conversations").deleteOne({ _id: citizenId }),
    // The "my appeals" list read by the number's citizen id: the new owner must not see the old owner's appeals.
    db.collection<{ _id: string }>("citizen_appeals").deleteOne({ _id: citizenId }),
    db.collection("whatsapp_sent_messages").deleteMany({ citizenId }),
  ]);
  return { ok: true, appeals: moved.modifiedCount };
}
