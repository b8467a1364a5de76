import type { Connection } from "mongoose";
import type { Directory } from "../core/ports/directory.js";
import type { Agency, Category } from "../core/reference/reference-data.js";
import { withId } from "./documents.js";
import { referenceCollections } from "./reference-collections.js";

/** Agencies and categories as seeded into MongoDB, read by `_id`. */
export class MongoDirectory implements Directory {
  constructor(private readonly connection: Connection) {}

  async agency(id: string): Promise<Agency | undefined> {
    const doc = await referenceCollections(this.connection).agencies.findOne({ _id: id });
    return doc ? withId(doc) : undefined;
  }

  async category(id: string): Promise<Category | undefined> {
    const doc = await referenceCollections(this.connection).categories.findOne({ _id: id });
    return doc ? withId(doc) : undefined;
  }
}
