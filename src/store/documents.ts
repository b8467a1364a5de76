import type { Connection, Model, Schema } from "mongoose";

/** The model `name` on `connection`, compiled once per connection. */
export function modelOn<T>(connection: Connection, name: string, schema: Schema<T>): Model<T> {
  return (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, schema);
}

/** A stored document with its natural key back under the domain's name for it (`id`). */
export function withId<T extends { _id: string }>(doc: T): Omit<T, "_id"> & { id: string } {
  const { _id, ...rest } = doc;
  return { id: _id, ...rest };
}
