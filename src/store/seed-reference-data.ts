import type { Connection, mongo } from "mongoose";
import type { ReferenceData } from "../core/reference/reference-data.js";
import { referenceCollections } from "./reference-collections.js";

export type SeedCounts = Readonly<Record<"regions" | "categories" | "agencies" | "routing", number>>;

/**
 * Loads reference data idempotently: each entry is replaced by id, and entries no
 * longer in the files are removed, so running it twice leaves the same state.
 */
export async function seedReferenceData(connection: Connection, data: ReferenceData): Promise<SeedCounts> {
  const target = referenceCollections(connection);
  const routing = data.routing.map((rule) => ({ id: `${rule.category}|${rule.region}`, ...rule }));
  const [regions, categories, agencies, rules] = await Promise.all([
    replaceAll(target.regions, data.regions),
    replaceAll(target.categories, data.categories),
    replaceAll(target.agencies, data.agencies),
    replaceAll(target.routing, routing),
  ]);
  return { regions, categories, agencies, routing: rules };
}

async function replaceAll<T extends { id: string }>(collection: mongo.Collection<Omit<T, "id"> & { _id: string }>, entries: readonly T[]): Promise<number> {
  // One round trip for all the entries of a file, not one each: seeding runs at every start.
  const replacements = entries.map(({ id, ...fields }) => ({ replaceOne: { filter: { _id: id }, replacement: fields, upsert: true } }));
  if (replacements.length > 0) await collection.bulkWrite(replacements as never, { ordered: false });
  await collection.deleteMany({ _id: { $nin: entries.map((entry) => entry.id) } } as never);
  return entries.length;
}
