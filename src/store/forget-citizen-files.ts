import type { Connection } from "mongoose";
import { MongoMediaStore } from "./mongo-media-store.js";

/** The channels whose files Estu keeps itself, each in its media store, named `<citizen>/<id>`. */
const keptChannels = ["whatsapp", "simulator"] as const;

/**
 * Deletes the files a citizen sent that Estu keeps itself (WhatsApp and simulator), except
 * those of their registered appeals, which the law keeps with the appeal: what remains is
 * what was sent in drafts never submitted, in chats, or after the appeal. Files are named
 * under the citizen (`<citizenId>/<message id>`); older files named by the message id alone
 * cannot be told apart and stay until their appeal's record goes.
 */
export async function forgetCitizenFiles(connection: Connection, citizenId: string): Promise<number> {
  const db = connection.db;
  if (!db) return 0;
  const appeals = await db
    .collection<{ citizenId: string; attachments?: { fileId: string }[]; history?: { attachments?: { fileId: string }[] }[] }>("appeals")
    .find({ citizenId }, { projection: { attachments: 1, "history.attachments": 1 } })
    .toArray();
  const kept = new Set(appeals.flatMap((appeal) => [...(appeal.attachments ?? []), ...(appeal.history ?? []).flatMap((entry) => entry.attachments ?? [])].map((file) => file.fileId)));
  let deleted = 0;
  for (const channel of keptChannels) deleted += await new MongoMediaStore(connection, channel).deleteUnder(`${citizenId}/`, kept);
  return deleted;
}
