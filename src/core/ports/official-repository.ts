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
  setActive(id: string, active: boolean): Promise<void>;
  listByAgency(agencyId: string): Promise<Official[]>;
  /** Every active official in a role, across agencies: the admins to tell about the whole deployment. */
  listActiveByRole(role: OfficialRole): Promise<Official[]>;
}

/** Invite codes. Redeeming is atomic: a code works once, before it expires. */
export interface InviteRepository {
  create(invite: Invite): Promise<void>;
  redeem(code: string, officialId: string, now: Date): Promise<RedeemResult>;
}
