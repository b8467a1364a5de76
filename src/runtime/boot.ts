import { join } from "node:path";
import type { Connection } from "mongoose";
import type { Config } from "../config.js";
import { WorkingCalendar } from "../core/calendar/working-calendar.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import { projectRoot } from "../embedded/project-root.js";
import type { Logger } from "../logger.js";
import { loadCalendarYears, loadReferenceData } from "../reference/load-reference-data.js";
import { connectMongo } from "../store/connect-mongo.js";
import { openMongoStore, type Store } from "../store/mongo-store.js";
import { seedReferenceData } from "../store/seed-reference-data.js";
import { provideServices } from "./provide-services.js";

/** What every Estu role runs on. */
export type Runtime = Readonly<{
  config: Config;
  store: Store;
  calendar: WorkingCalendar;
  reference: ReferenceData;
  redisUrl: string;
  connection: Connection;
  stop: () => Promise<void>;
}>;

/**
 * Checks the data files first (a bad file stops start-up before anything runs), then
 * brings up MongoDB and Redis, creates indexes and seeds the reference data.
 */
export async function boot(config: Config, log: Logger): Promise<Runtime> {
  const dataDir = join(projectRoot, "data");
  const [reference, years] = await Promise.all([loadReferenceData(dataDir), loadCalendarYears(dataDir)]);
  const calendar = WorkingCalendar.create(years, config.timeZone);
  log.info({ years: calendar.coveredYears(), timeZone: config.timeZone }, "working-day calendar loaded");

  const services = await provideServices(config, log);
  try {
    const connection = await connectMongo(services.mongodbUri, config.mongodbDb);
    const store = await openMongoStore(connection);
    const seeded = await seedReferenceData(connection, reference);
    log.info(seeded, "reference data seeded");
    const stop = async () => {
      await connection.close();
      await services.stop();
    };
    return { config, store, calendar, reference, redisUrl: services.redisUrl, connection, stop };
  } catch (error) {
    await services.stop();
    throw error;
  }
}
