import type { Actor, Appeal } from "../appeal/appeal.js";
import { decide, type Refusal } from "../appeal/decide.js";
import type { Decision } from "../appeal/decision.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import type { AppealRepository } from "../ports/appeal-repository.js";
import type { Directory } from "../ports/directory.js";
import { defaultTermWorkingDays } from "../reference/reference-data.js";
import type { OfficialRepository, OfficialRole } from "../ports/official-repository.js";
import { statusRules } from "../appeal/status-rules.js";

export type DecideDeps = Readonly<{
  appeals: AppealRepository;
  officials: OfficialRepository;
  directory: Directory;
  calendar: WorkingCalendar;
  /** Told of every refusal, for the operator's log (ids only). */
  onRefused: (event: RefusedEvent) => void;
}>;

export type RefusedEvent = Readonly<{ appealId: string; decision: Decision["type"]; actor: Actor; reason: string }>;

export type DecideOnAppealResult =
  | Readonly<{ ok: true; appeal: Appeal }>
  | Readonly<{ ok: false; reason: "appeal_not_found" | "unknown_official" | "inactive_official" | "role_required" | "invalid_assignee" | "unknown_agency" | "stale" }>
  | Readonly<{ ok: false; reason: "refused"; refusal: Refusal }>;

/**
 * Carries out a decision on an appeal: checks who is acting against the stored
 * official (not only what the button said), decides, and writes the change with a
 * version check. Anything refused changes nothing and is reported to `onRefused`.
 */
export async function decideOnAppeal(deps: DecideDeps, appealId: string, decision: Decision, actor: Actor, now: Date): Promise<DecideOnAppealResult> {
  const refuse = <R extends DecideOnAppealResult & { ok: false }>(result: R): R => {
    deps.onRefused({ appealId, decision: decision.type, actor, reason: result.reason === "refused" ? result.refusal.type : result.reason });
    return result;
  };
  const appeal = await deps.appeals.get(appealId);
  if (!appeal) return refuse({ ok: false, reason: "appeal_not_found" });
  const verified = await verifyActor(deps, actor, statusRules[decision.type].roles);
  if (verified) return refuse({ ok: false, reason: verified });
  if (decision.type === "forward" && !(await deps.directory.agency(decision.toAgencyId))) return refuse({ ok: false, reason: "unknown_agency" });
  if (decision.type === "reassign" && !(await isAssignable(deps, decision.officialId, appeal.agencyId))) return refuse({ ok: false, reason: "invalid_assignee" });

  const category = await deps.directory.category(appeal.categoryId);
  const result = decide(appeal, decision, actor, { now, calendar: deps.calendar, termWorkingDays: category?.term_working_days ?? defaultTermWorkingDays });
  if (!result.ok) return refuse({ ok: false, reason: "refused", refusal: result.refusal });
  const applied = await deps.appeals.apply(result.change);
  if (!applied.ok) return refuse({ ok: false, reason: applied.reason === "stale" ? "stale" : "appeal_not_found" });
  return { ok: true, appeal: applied.appeal };
}

/** The acting official as stored (not as a button claims): known, of that agency, active, in a role that may decide this. */
async function verifyActor(deps: DecideDeps, actor: Actor, roles: readonly OfficialRole[] | undefined): Promise<"unknown_official" | "inactive_official" | "role_required" | undefined> {
  if (actor.type !== "official") return undefined;
  const official = await deps.officials.get(actor.officialId);
  if (!official || official.agencyId !== actor.agencyId) return "unknown_official";
  if (!official.active) return "inactive_official";
  return roles && !roles.includes(official.role) ? "role_required" : undefined;
}

/** An appeal can be assigned only to an active official of its own agency. */
async function isAssignable(deps: DecideDeps, officialId: string, agencyId: string): Promise<boolean> {
  const official = await deps.officials.get(officialId);
  return official !== undefined && official.active && official.agencyId === agencyId;
}
