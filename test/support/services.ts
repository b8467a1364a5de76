// Per-file isolation on the shared test services: every test file gets its own
// database and its own queue prefix, so runs and files never see each other's data.
import { randomBytes } from "node:crypto";
import mongoose, { type Connection } from "mongoose";
import { inject } from "vitest";

/** The MongoDB-wire server provisioned by the global setup. */
export function mongoUri(): string {
  return inject("mongodbUri");
}

/** The Redis server provisioned by the global setup. */
export function redisUrl(): string {
  return inject("redisUrl");
}

/** A unique, short name for this test file's database or queue prefix. */
export function uniqueName(label: string): string {
  return `t_${label}_${randomBytes(4).toString("hex")}`;
}

/** A mongoose connection to a fresh database; `drop` removes it and closes the connection. */
export async function openTestDatabase(label: string): Promise<{ connection: Connection; drop: () => Promise<void> }> {
  const connection = mongoose.createConnection(mongoUri(), { dbName: uniqueName(label), maxPoolSize: 50, autoIndex: false });
  await connection.asPromise();
  return {
    connection,
    drop: async () => {
      await connection.dropDatabase();
      await connection.close();
    },
  };
}
