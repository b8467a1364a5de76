// The officials' console over the real MongoDB-wire store with the shipped reference
// data, calendar and texts, and a desk to drive it as one official would.
import { MongoAppealStats } from "../../src/store/mongo-appeal-stats.js";
import { join } from "node:path";
import { AdminConsole } from "../../src/admin/admin-console.js";
import type { AdminEvent, AdminInput, AdminReply } from "../../src/admin/admin-input.js";
import type { ConsoleDeps, ConsoleRefusal } from "../../src/admin/console-deps.js";
import type { Actor, Appeal, AttachmentRef, Language } from "../../src/core/appeal/appeal.js";
import type { Decision } from "../../src/core/appeal/decision.js";
import type { AppealDraft } from "../../src/core/appeal/appeal-draft.js";
import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import type { Invite, Official, OfficialRole } from "../../src/core/ports/official-repository.js";
import type { ReferenceData } from "../../src/core/reference/reference-data.js";
import { decideOnAppeal } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { loadLocales } from "../../src/i18n/load-locales.js";
import { createTranslator, type Translator } from "../../src/i18n/translator.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { draft, shippedCalendar, shippedReferenceData } from "./fixtures.js";
import { openTestDatabase } from "./services.js";

export type AdminFixture = Readonly<{
  store: Store;
  reference: ReferenceData;
  calendar: WorkingCalendar;
  translator: Translator;
  /** Every refusal the console reported, in order. */
  refused: ConsoleRefusal[];
  /** Every appeal the console reported decided, in order. */
  decided: Appeal[];
  /** The deps the console is built with; `console` is built from them. */
  deps: ConsoleDeps;
  console: AdminConsole;
  /** A text of `locales/<language>/admin.json`. */
  t: (language: Language, key: string, params?: Readonly<Record<string, string | number>>) => string;
  drop: () => Promise<void>;
}>;

/** Deterministic "randomness" for invite codes: a different sequence of bytes on every call. */
export function countingBytes(): (size: number) => Uint8Array {
  let call = 0;
  return (size) => {
    call += 1;
    return Uint8Array.from({ length: size }, (_, index) => (call * 37 + index * 11) % 256);
  };
}

export async function openAdminFixture(label: string): Promise<AdminFixture> {
  const database = await openTestDatabase(label);
  const store = await openMongoStore(database.connection);
  // The texts alone, as the console uses them (the flows are the citizens' side).
  const [resources, reference, calendar] = await Promise.all([loadLocales(join(projectRoot, "locales")), shippedReferenceData(), shippedCalendar()]);
  const translator = await createTranslator(resources);
  await seedReferenceData(database.connection, reference);
  const refused: ConsoleRefusal[] = [];
  const decided: Appeal[] = [];
  const deps: ConsoleDeps = {
    ...store,
    reference,
    calendar,
    translator,
    onRefused: (event) => refused.push(event),
    onDecided: async (appeal) => {
      decided.push(appeal);
    },
    stats: new MongoAppealStats(database.connection),
    randomBytes: countingBytes(),
    inviteLink: (code) => `https://t.me/estu_admin_test_bot?start=${code}`,
  };
  return {
    store,
    reference,
    calendar,
    translator,
    refused,
    decided,
    deps,
    console: new AdminConsole(deps),
    t: (language, key, params) => translator.translate(`admin:${key}`, language, params),
    drop: database.drop,
  };
}

/** An official (or would-be official) at the admin bot: each message gets the next key. */
export class Desk {
  private sent = 0;

  constructor(
    private readonly fixture: Pick<AdminFixture, "console">,
    readonly officialId: string,
    public now: Date,
    readonly displayName = "Official",
    readonly languageHint: string | undefined = undefined,
  ) {}

  /** The input for `event`, with the next key, as the admin bot would build it. */
  input(event: AdminEvent, at: Date = this.now): AdminInput {
    this.sent += 1;
    return { key: `${this.officialId}:${this.sent}`, officialId: this.officialId, displayName: this.displayName, languageHint: this.languageHint, receivedAt: at, event };
  }

  send(event: AdminEvent, at?: Date): Promise<AdminReply[]> {
    return this.fixture.console.handle(this.input(event, at));
  }

  command(name: string, argument = "", at?: Date) {
    return this.send({ type: "command", name, argument }, at);
  }

  press(data: string, at?: Date) {
    return this.send({ type: "button", data }, at);
  }

  text(text: string, at?: Date) {
    return this.send({ type: "text", text }, at);
  }

  media(attachment: AttachmentRef, caption?: string, at?: Date) {
    return this.send({ type: "media", attachment, caption }, at);
  }

  sticker(at?: Date) {
    return this.send({ type: "unsupported" }, at);
  }
}

let submissions = 0;

/** Registers an appeal as a citizen's confirmation would, received at `receivedAt`. */
export async function seedAppeal(fixture: Pick<AdminFixture, "store" | "calendar">, receivedAt: Date, overrides: Partial<AppealDraft> = {}): Promise<Appeal> {
  submissions += 1;
  const result = await submitAppeal(
    { appeals: fixture.store.appeals, directory: fixture.store.directory, calendar: fixture.calendar },
    { draft: draft(overrides), submissionKey: `telegram:1:${submissions}`, citizenId: "telegram:1", receivedAt },
  );
  if (!result.ok) throw new Error(`the appeal was not registered: ${JSON.stringify(result)}`);
  return result.appeal;
}

/** Takes a decision directly through the core use case (to put an appeal in a status). */
export async function decideDirectly(fixture: Pick<AdminFixture, "store" | "calendar">, appealId: string, decision: Decision, official: Official, now: Date): Promise<Appeal> {
  const actor: Actor = { type: "official", officialId: official.id, agencyId: official.agencyId };
  const result = await decideOnAppeal({ ...fixture.store, calendar: fixture.calendar, onRefused: () => undefined }, appealId, decision, actor, now);
  if (!result.ok) throw new Error(`${decision.type} was refused: ${JSON.stringify(result)}`);
  return result.appeal;
}

/** Stores an official as onboarding would. */
export async function putOfficial(
  fixture: Pick<AdminFixture, "store">,
  official: Readonly<{ id: string; agencyId: string; role: OfficialRole; language: Language; displayName: string; active?: boolean }>,
): Promise<Official> {
  const stored: Official = { active: true, createdAt: new Date("2026-11-01T09:00:00+05:00"), ...official };
  await fixture.store.officials.put(stored);
  return stored;
}

/** Stores an invite code as the CLI would. */
export async function putInvite(fixture: Pick<AdminFixture, "store">, invite: Readonly<{ code: string; agencyId: string; role: OfficialRole; createdAt: Date; expiresAt: Date }>): Promise<Invite> {
  const stored: Invite = { createdBy: "operator:test", usedBy: null, usedAt: null, ...invite };
  await fixture.store.invites.create(stored);
  return stored;
}

/** The texts of the replies, and the ids of their buttons. */
export const textsOf = (replies: readonly AdminReply[]) => replies.map((reply) => reply.text);
export const buttonsOf = (reply: AdminReply | undefined) => (reply?.choices ?? []).map((choice) => choice.id);
