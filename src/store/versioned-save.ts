import type { Model } from "mongoose";
import { isDuplicateKeyError } from "./duplicate-key.js";

/**
 * Optimistic save of a document keyed by `_id`: inserted at version 1 when `version`
 * is 0, otherwise updated only if the stored version is still `version`. False when
 * another writer came first; the caller reloads and decides again.
 */
export async function saveVersioned<T>(
  model: Model<T>,
  id: string,
  version: number,
  fields: Readonly<Record<string, unknown>>,
): Promise<boolean> {
  if (version === 0) {
    try {
      await new model({ ...fields, _id: id, version: 1 }).save();
      return true;
    } catch (error) {
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }
  const result = await model.updateOne({ _id: id, version }, { $set: { ...fields, version: version + 1 } });
  return result.matchedCount === 1;
}
