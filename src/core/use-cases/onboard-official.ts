import type { Language } from "../appeal/appeal.js";
import type { Directory } from "../ports/directory.js";
import type { Invite, InviteRepository, Official, OfficialRepository, OfficialRole } from "../ports/official-repository.js";

export type OnboardingDeps = Readonly<{ invites: InviteRepository; officials: OfficialRepository; directory: Directory }>;

/** Invites made at the command line are marked so; an official's carry their id. */
const operatorPrefix = "operator:";

/** How long an invite code works unless the issuer says otherwise. */
export const defaultInviteDays = 7;

/** Letters and digits that cannot be mistaken for each other when read aloud or retyped. */
const codeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const codeLength = 12;

/** Who issues an invite: an official (checked against the store) or the operator at the command line. */
export type Issuer = Readonly<{ type: "operator"; name: string }> | Readonly<{ type: "official"; officialId: string }>;

export type InviteRequest = Readonly<{ agencyId: string; role: OfficialRole; issuer: Issuer; now: Date; days?: number }>;

export type InviteResult = Readonly<{ ok: true; invite: Invite }> | Readonly<{ ok: false; reason: "unknown_agency" | "not_allowed" }>;

/**
 * May `issuer` invite someone into `agencyId` as `role`? An admin invites anyone
 * anywhere; a supervisor invites officials of their own agency; an official nobody.
 */
export function mayInvite(issuer: Official, agencyId: string, role: OfficialRole): boolean {
  if (!issuer.active) return false;
  if (issuer.role === "admin") return true;
  return issuer.role === "supervisor" && issuer.agencyId === agencyId && role === "official";
}

/**
 * Issues a one-time invite code for an agency and role. `randomBytes` supplies the
 * randomness (crypto in production), so the core stays free of I/O.
 */
export async function issueInvite(deps: OnboardingDeps, request: InviteRequest, randomBytes: (size: number) => Uint8Array): Promise<InviteResult> {
  if (!(await deps.directory.agency(request.agencyId))) return { ok: false, reason: "unknown_agency" };
  if (request.issuer.type === "official") {
    const issuer = await deps.officials.get(request.issuer.officialId);
    if (!issuer || !mayInvite(issuer, request.agencyId, request.role)) return { ok: false, reason: "not_allowed" };
  }
  const days = request.days ?? defaultInviteDays;
  const invite: Invite = {
    code: inviteCode(randomBytes(codeLength)),
    agencyId: request.agencyId,
    role: request.role,
    createdBy: request.issuer.type === "official" ? request.issuer.officialId : `${operatorPrefix}${request.issuer.name}`,
    createdAt: request.now,
    expiresAt: new Date(request.now.getTime() + days * 86_400_000),
    usedBy: null,
    usedAt: null,
  };
  await deps.invites.create(invite);
  return { ok: true, invite };
}

/** 12 characters of a 31-letter alphabet: about 59 bits, far beyond guessing within a week. */
function inviteCode(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => codeAlphabet[byte % codeAlphabet.length]).join("");
}

/** Codes are shown in capitals but may be typed in any case, with spaces or dashes. */
export function normalizeInviteCode(text: string): string {
  return text.toUpperCase().replace(/[\s-]/g, "");
}

export type Newcomer = Readonly<{ officialId: string; displayName: string; language: Language; now: Date }>;

export type OnboardResult =
  | Readonly<{ ok: true; official: Official }>
  | Readonly<{ ok: false; reason: "unknown" | "used" | "expired" | "inactive" | "revoked" }>;

/**
 * Makes the bearer of a valid code an official of the code's agency in its role. The
 * code works once: redeeming it is one conditional write. Re-onboarding an existing
 * official with a new code moves them to the new agency and role, but a code never
 * brings back an official who was switched off (`inactive`: only an admin re-activates),
 * and a code whose issuer may no longer invite into that agency and role is dead (`revoked`).
 */
export async function onboardOfficial(deps: OnboardingDeps, code: string, newcomer: Newcomer): Promise<OnboardResult> {
  // Checked before redeeming, so the code is not spent; the write below checks again.
  if ((await deps.officials.get(newcomer.officialId))?.active === false) return { ok: false, reason: "inactive" };
  const redeemed = await deps.invites.redeem(normalizeInviteCode(code), newcomer.officialId, newcomer.now);
  if (!redeemed.ok) return redeemed;
  if (!(await issuerMayStillInvite(deps, redeemed.invite))) return { ok: false, reason: "revoked" };
  const official: Official = {
    id: newcomer.officialId,
    agencyId: redeemed.invite.agencyId,
    role: redeemed.invite.role,
    language: newcomer.language,
    displayName: newcomer.displayName,
    active: true,
    createdAt: newcomer.now,
  };
  if (!(await deps.officials.enrol(official))) return { ok: false, reason: "inactive" };
  return { ok: true, official };
}

/** The issuer is checked again at redemption: one switched off or moved since must not let newcomers in. */
async function issuerMayStillInvite(deps: OnboardingDeps, invite: Invite): Promise<boolean> {
  if (invite.createdBy.startsWith(operatorPrefix)) return true;
  const issuer = await deps.officials.get(invite.createdBy);
  return issuer !== undefined && mayInvite(issuer, invite.agencyId, invite.role);
}

/** May `issuer` switch `target`'s access? An admin anyone; a supervisor the officials of their agency; nobody themselves. */
export function mayManage(issuer: Official, target: Official): boolean {
  if (!issuer.active || issuer.id === target.id) return false;
  return issuer.role === "admin" || (issuer.role === "supervisor" && issuer.agencyId === target.agencyId && target.role === "official");
}

export type AccessResult = Readonly<{ ok: true; official: Official }> | Readonly<{ ok: false; reason: "not_allowed" | "unknown_official" | "self" }>;

/**
 * Deactivates (or reactivates) an official: a supervisor the officials of their agency,
 * an admin anyone; nobody themselves. A deactivated official's decisions are refused at once,
 * since every decision checks the stored official.
 */
export async function setOfficialActive(deps: OnboardingDeps, issuerId: string, officialId: string, active: boolean): Promise<AccessResult> {
  if (issuerId === officialId) return { ok: false, reason: "self" };
  const [issuer, target] = await Promise.all([deps.officials.get(issuerId), deps.officials.get(officialId)]);
  if (!target) return { ok: false, reason: "unknown_official" };
  if (!issuer || !mayManage(issuer, target)) return { ok: false, reason: "not_allowed" };
  await deps.officials.setActive(officialId, active);
  return { ok: true, official: { ...target, active } };
}
