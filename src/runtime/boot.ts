import { join } from "node:path";
import type { Config } from "../config.js";
import { WorkingCalendar } from "../core/calendar/working-calendar.js";
import { DialogueService } from "../dialogue/dialogue-service.js";
import type { Dialogue } from "../dialogue/envelope.js";
import { hostTextKeys } from "./host-text-keys.js";
import { projectRoot } from "../embedded/project-root.js";
import { loadCheckedFlows } from "../flows/load-flows.js";
import { loadLocales } from "../i18n/load-locales.js";
import { createTranslator } from "../i18n/translator.js";
import type { Actor } from "../core/appeal/appeal.js";
import { createLogRef, type LogRef } from "../core/log-ref.js";
import { loadLogKey } from "./load-log-key.js";
import type { Logger } from "../logger.js";
import { loadCalendarYears, loadReferenceData } from "../reference/load-reference-data.js";
import { connectMongo } from "../store/connect-mongo.js";
import { openMongoStore, type Store } from "../store/mongo-store.js";
import type { Connection } from "mongoose";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Translator } from "../i18n/translator.js";
import type { Flow } from "../engine/flow-schema.js";
import { seedReferenceData } from "../store/seed-reference-data.js";
import { AppealEvents } from "./appeal-events.js";
import { provideServices, type Services } from "./provide-services.js";

/** How far ahead deadlines reach: 15 working days, plus an extension of up to two months. */
const deadlineHorizonDays = 100;

/** Deadlines in a year the calendar does not cover cannot be computed: warn the operator in time. */
function warnIfCalendarRunsOut(calendar: WorkingCalendar, log: Logger): void {
  const lastYear = Math.max(...calendar.coveredYears());
  const horizon = new Date(Date.now() + deadlineHorizonDays * 86_400_000);
  if (horizon.getUTCFullYear() > lastYear) {
    log.warn({ lastYear }, `data/calendar ends with ${lastYear}: add ${lastYear + 1}.yaml (npm run calendar:generate -- ${lastYear + 1}) before deadlines reach it`);
  }
}

/** Who acted, for the log: officials by id, citizens by a stand-in for their address. */
function actorRef(actor: Actor, logRef: LogRef): string {
  if (actor.type === "official") return `official ${actor.officialId} of ${actor.agencyId}`;
  return actor.type === "citizen" ? `citizen ${logRef(actor.citizenId)}` : "system";
}

/** What every Estu role runs on. */
export type Runtime = Readonly<{
  config: Config;
  /** The citizens' dialogue, for every channel adapter. */
  dialogue: Dialogue;
  store: Store;
  /** The MongoDB connection the store uses, for adapters that keep data of their own (WhatsApp's session). */
  connection: Connection;
  reference: ReferenceData;
  calendar: WorkingCalendar;
  translator: Translator;
  redisUrl: string;
  /** Citizens' addresses as they may appear in logs (a keyed hash). */
  logRef: LogRef;
  /** Appeals stored or changed in this process, for the relay and the deadline scheduler. */
  appealEvents: AppealEvents;
  /** Logs a refused decision with ids only. */
  logRefused: (event: Readonly<{ appealId: string; decision: string; actor: Actor; reason: string }>) => void;
  stop: () => Promise<void>;
}>;

type CheckedFiles = Readonly<{ reference: ReferenceData; calendar: WorkingCalendar; flows: Flow[]; translator: Translator }>;

/** Reads and checks the data files, flows and texts; throws on a bad file with every problem listed. */
async function checkFiles(config: Config, log: Logger): Promise<CheckedFiles> {
  const dataDir = join(projectRoot, "data");
  const [reference, years, resources] = await Promise.all([loadReferenceData(dataDir), loadCalendarYears(dataDir), loadLocales(join(projectRoot, "locales"))]);
  const calendar = WorkingCalendar.create(years, config.timeZone);
  const [flows, translator] = await Promise.all([loadCheckedFlows(join(projectRoot, "flows"), resources, hostTextKeys), createTranslator(resources)]);
  log.info({ years: calendar.coveredYears(), timeZone: config.timeZone, flows: flows.map((flow) => `${flow.id}@${flow.version}`) }, "calendar, flows and texts checked");
  warnIfCalendarRunsOut(calendar, log);
  return { reference, calendar, flows, translator };
}

/** The value of a settled promise, or its reason thrown. */
function valueOf<T>(settled: PromiseSettledResult<T>): T {
  if (settled.status === "rejected") throw settled.reason;
  return settled.value;
}

/**
 * Checks the data files, flows and texts while MongoDB and Redis come up (`services`, when the caller
 * started them earlier still), the indexes are created and
 * the reference data is seeded (each waits only for what it needs), so a start waits for the slower of
 * the two, not for both. A bad file still stops start-up: what was started is stopped and the file's
 * problems are what is reported.
 */
export async function boot(config: Config, log: Logger, services: Promise<Services> = provideServices(config, log)): Promise<Runtime> {
  const files = checkFiles(config, log);
  const connection = services.then((provided) => connectMongo(provided.mongodbUri, config.mongodbDb));
  const store = connection.then(openMongoStore);
  const seeded = Promise.all([connection, files]).then(([opened, checked]) => seedReferenceData(opened, checked.reference));
  const logKey = loadLogKey(config.logKey, config.dataDir);
  const settled = await Promise.allSettled([files, services, connection, store, seeded, logKey]);
  const [checkedFiles, providedServices, openConnection, openedStore, seededData, logKeyRead] = settled;
  const stop = async () => {
    if (openConnection.status === "fulfilled") await openConnection.value.close();
    if (providedServices.status === "fulfilled") await providedServices.value.stop();
  };
  const failure = settled.find((result) => result.status === "rejected");
  if (failure) {
    await stop();
    throw failure.reason;
  }
  const { reference, calendar, flows, translator } = valueOf(checkedFiles);
  log.info(valueOf(seededData), "reference data seeded");
  const logRef = createLogRef(valueOf(logKeyRead));
  const logRefused: Runtime["logRefused"] = (event) =>
    log.warn({ appealId: event.appealId, decision: event.decision, actor: actorRef(event.actor, logRef), reason: event.reason }, "decision refused");
  const appealEvents = new AppealEvents(log);
  const opened = valueOf(openedStore);
  const dialogue = new DialogueService({
    ...opened,
    flows: Object.fromEntries(flows.map((flow) => [flow.id, flow])),
    reference,
    calendar,
    translator,
    onRefused: logRefused,
    onAppealStored: appealEvents.emit,
    onSubmitRefused: (event) => log.warn({ citizen: logRef(event.citizenId), problem: event.problem }, "confirmed appeal could not be stored"),
  });
  return { config, dialogue, store: opened, connection: valueOf(openConnection), reference, calendar, translator, redisUrl: valueOf(providedServices).redisUrl, logRef, appealEvents, logRefused, stop };
}
