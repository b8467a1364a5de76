import type { Language } from "../appeal/appeal.js";

export const officialRoles = ["official", "supervisor", "admin"] as const;
export type OfficialRole = (typeof officialRoles)[number];

/** A person of an agency who works on appeals through the admin bot. */
export type Official = Readonly<{
  /** Admin-bot address, e.g. `telegram:98765`. */
  id: string;
  agencyId: string;
  role: OfficialRole;
  language: Language;
  displayName: string;
  active: boolean;
  createdAt: Date;
}>;

/** A one-time code that makes its bearer an official of an agency. */
export type Invite = Readonly<{
  code: string;
  agencyId: string;
  role: OfficialRole;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  usedBy: string | null;
  usedAt: Date | null;
}>;

export type RedeemResult =
  | Readonly<{ ok: true; invite: Invite }>
  | Readonly<{ ok: false; reason: "unknown" | "used" | "expired" }>;

/** Officials by admin-bot address. */
export interface OfficialRepository {
  get(id: string): Promise<Official | undefined>;
  /** Creates or replaces the official (re-onboarding with a new invite). */
  put(official: Official): Promise<void>;
  /**
   * Creates or replaces the official in one conditional write, unless an official switched off
   * is stored under that id: false then, and nothing changes (only an admin re-activates).
   */
  enrol(official: Official): Promise<boolean>;
  setActive(id: string, active: boolean): Promise<void>;
  /**
   * Changes an active official's working language, and nothing else, in one conditional write:
   * false when the official is missing or was switched off meanwhile (nothing changes then).
   */
  setLanguage(id: string, language: Language): Promise<boolean>;
  /**
   * The agency's officials, without the simulator's demo supervisors (ids `simulator:...`): they are
   * nobody to assign an appeal to or alert, and must not show among the real officials.
   */
  listByAgency(agencyId: string): Promise<Official[]>;
  /** Every active official in a role, across agencies: the admins to tell about the whole deployment. */
  listActiveByRole(role: OfficialRole): Promise<Official[]>;
}

/** Invite codes. Redeeming is atomic: a code works once, before it expires. */
export interface InviteRepository {
  create(invite: Invite): Promise<void>;
  redeem(code: string, officialId: string, now: Date): Promise<RedeemResult>;
}
