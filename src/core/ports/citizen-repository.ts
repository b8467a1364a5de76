import type { Applicant, Language } from "../appeal/appeal.js";

/** A person writing to Estu, known by their channel address. */
export type Citizen = Readonly<{
  /** Channel address, e.g. `telegram:12345` or `whatsapp:7701...@s.whatsapp.net`. */
  id: string;
  channel: string;
  language: Language | null;
  /** When the citizen agreed to personal-data processing (Law 94-V), and to which text version. */
  consent: Readonly<{ at: Date; version: number }> | null;
  /** Saved applicant details, reused for the next appeal; only with consent. */
  applicant: Applicant | null;
  createdAt: Date;
  /** Set when the citizen asked to be forgotten; personal data is gone by then. */
  forgottenAt: Date | null;
}>;

/**
 * Citizens by channel address. A citizen is stored from their consent on: before it, their
 * conversation holds all Estu knows of them, so a first message costs no write here and
 * someone who never agreed leaves no record of themselves.
 */
export interface CitizenRepository {
  get(id: string): Promise<Citizen | undefined>;
  /** Changes a stored citizen's language; nothing for one not stored. */
  setLanguage(id: string, language: Language): Promise<void>;
  /** Records the consent, storing the citizen with their channel and language if they were not stored yet. */
  recordConsent(id: string, consent: Readonly<{ at: Date; version: number }>, profile: Readonly<{ channel: string; language: Language }>): Promise<void>;
  saveApplicant(id: string, applicant: Applicant): Promise<void>;
  /** Removes personal data (the language too: answers then come in their appeal's language), keeping the id so appeals stay countable. */
  forget(id: string, at: Date): Promise<void>;
}
