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

/** Citizens by channel address. */
export interface CitizenRepository {
  get(id: string): Promise<Citizen | undefined>;
  /** Creates the citizen if absent; returns the stored one either way. */
  ensure(id: string, channel: string, now: Date): Promise<Citizen>;
  setLanguage(id: string, language: Language): Promise<void>;
  recordConsent(id: string, at: Date, version: number): Promise<void>;
  saveApplicant(id: string, applicant: Applicant): Promise<void>;
  /** Removes personal data, keeping the id so appeals stay countable. */
  forget(id: string, at: Date): Promise<void>;
}
