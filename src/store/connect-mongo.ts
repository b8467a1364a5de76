import mongoose, { type Connection } from "mongoose";

/**
 * Opens a connection for the application. Indexes are created explicitly by
 * `openMongoStore`, not in the background; production durability (`w=majority` on a
 * replica set) is set in the URI, as the README explains.
 */
export async function connectMongo(uri: string, dbName: string): Promise<Connection> {
  const connection = mongoose.createConnection(uri, {
    dbName,
    autoIndex: false,
    autoCreate: true,
    serverSelectionTimeoutMS: 10_000,
    maxPoolSize: 20,
  });
  return connection.asPromise();
}
