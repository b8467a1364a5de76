import type { Connection, mongo } from "mongoose";
import type { Agency, Category, Region, RoutingRule } from "../core/reference/reference-data.js";

/** Reference data keeps the file's own id as `_id`. */
type Stored<T extends { id: string }> = Omit<T, "id"> & { _id: string };
export type AgencyDocument = Stored<Agency>;
export type CategoryDocument = Stored<Category>;
export type RegionDocument = Stored<Region>;
export type RoutingDocument = Stored<RoutingRule & { id: string }>;

type ReferenceCollections = {
  agencies: mongo.Collection<AgencyDocument>;
  categories: mongo.Collection<CategoryDocument>;
  regions: mongo.Collection<RegionDocument>;
  routing: mongo.Collection<RoutingDocument>;
};

/**
 * The reference collections, used through the driver directly: the files are
 * validated by their zod schemas before seeding, so a second schema would only repeat them.
 */
export function referenceCollections(connection: Connection): ReferenceCollections {
  const db = connection.db;
  if (!db) throw new Error("referenceCollections needs an open connection");
  return {
    agencies: db.collection<AgencyDocument>("agencies"),
    categories: db.collection<CategoryDocument>("categories"),
    regions: db.collection<RegionDocument>("regions"),
    routing: db.collection<RoutingDocument>("routing"),
  };
}
