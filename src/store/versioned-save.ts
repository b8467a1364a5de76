import type { Model } from "mongoose";
import { isDuplicateKeyError } from "./duplicate-key.js";

/**
 * Optimistic save of a document keyed by `_id`: inserted at version 1 when `version`
 * is 0, otherwise updated only if the stored version is still `version`. False when
 * another writer came first; the caller reloads and decides again.
 *
 * Written through the driver, not mongoose: this is every message's one write, the fields
 * are whole values the caller's types already shape (nothing to cast or default), and
 * mongoose's casting of them showed in every message's CPU profile. A field left undefined is not written.
 */
export async function saveVersioned<T>(
  model: Model<T>,
  id: string,
  version: number,
  fields: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  const collection = model.collection;
  if (version === 0) {
    try {
      await collection.insertOne({ ...fields, _id: id, version: 1 } as never, { ignoreUndefined: true });
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
  const result = await collection.updateOne({ _id: id, version } as never, { $set: { ...fields, version: version + 1 } }, { ignoreUndefined: true });
  return result.matchedCount === 1;
}
