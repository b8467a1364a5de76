import type { Appeal, Language } from "../core/appeal/appeal.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { Directory } from "../core/ports/directory.js";
import type { InviteRepository, OfficialRepository } from "../core/ports/official-repository.js";
import type { OfficialSessionStore } from "../core/ports/official-session-store.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { AppealStatsSource } from "../core/ports/appeal-stats.js";
import type { RefusedEvent } from "../core/use-cases/decide-on-appeal.js";
import type { Translator } from "../i18n/translator.js";

/** A refused decision, or a look at an appeal of another agency (`view`). */
export type ConsoleRefusal = Omit<RefusedEvent, "decision"> & Readonly<{ decision: RefusedEvent["decision"] | "view" }>;

/** What the officials' console needs: ports and data only, so any channel can host it. */
export type ConsoleDeps = Readonly<{
  appeals: AppealRepository;
  officials: OfficialRepository;
  invites: InviteRepository;
  officialSessions: OfficialSessionStore;
  directory: Directory;
  reference: ReferenceData;
  calendar: WorkingCalendar;
  translator: Translator;
  /** Told of every refused decision or refused look at an appeal, for the operator's log (ids only). */
  onRefused: (event: ConsoleRefusal) => void;
  /** Told of every decision written, so its notification goes out at once (a sweep covers a failure here). */
  onDecided: (appeal: Appeal) => Promise<void>;
  /** The appeals of a period for `/stats`, without personal data. */
  stats: AppealStatsSource;
  /** Randomness for invite codes. */
  randomBytes: (size: number) => Uint8Array;
  /** A link that opens the admin bot with an invite code, when the channel has one. */
  inviteLink?: ((code: string) => string) | undefined;
}>;

/** The translate function of one official's language. */
export type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string;

/** Keys without a namespace are the console's own (`locales/<lng>/admin.json`). */
export function translateIn(deps: ConsoleDeps, language: Language): Translate {
  return (key, params) => deps.translator.translate(key.includes(":") ? key : `admin:${key}`, language, params);
}
