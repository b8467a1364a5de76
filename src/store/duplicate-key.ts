/** True for MongoDB's E11000 duplicate-key error, from any server speaking the wire protocol. */
export function isDuplicateKeyError(error: unknown): boolean {
  return typeof error === "object" && error !== null && (error as { code?: unknown }).code === 11000;
}

/**
 * Runs an upsert, retrying once on E11000: two concurrent upserts of a missing
 * document can both try to insert it, and the loser succeeds on the second try.
 */
export async function upsertWithRetry<T>(upsert: () => Promise<T>): Promise<T> {
  try {
    return await upsert();
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    return upsert();
  }
}
