import { randomBytes } from "node:crypto";
import { AdminConsole } from "../admin/admin-console.js";
import { MongoAppealStats } from "../store/mongo-appeal-stats.js";
import type { Runtime } from "./boot.js";

/**
 * The officials' console over this Estu's store, for the admin bot and the simulator:
 * each decision is announced as soon as it is written, so its notification is queued
 * and its deadline's reminders planned.
 */
export function createAdminConsole(runtime: Runtime, inviteLink?: (code: string) => string): AdminConsole {
  return new AdminConsole({
    ...runtime.store,
    reference: runtime.reference,
    calendar: runtime.calendar,
    translator: runtime.translator,
    onRefused: runtime.logRefused,
    onDecided: runtime.appealEvents.emit,
    stats: new MongoAppealStats(runtime.connection),
    randomBytes: (size) => randomBytes(size),
    inviteLink,
  });
}
