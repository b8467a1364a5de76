import { officialRoles, type OfficialRole } from "../core/ports/official-repository.js";
import { issueInvite, mayInvite, mayManage, setOfficialActive } from "../core/use-cases/onboard-official.js";
import { formatInstantDate, formatTime } from "../dialogue/format-date.js";
import type { AdminReply } from "./admin-input.js";
import { buttonData } from "./callback-data.js";
import { say, type ConsoleContext } from "./console-context.js";


const inboxButton = (ctx: ConsoleContext) => ({ id: buttonData({ type: "inbox" }), label: ctx.t("menu.inbox") });

/**
 * `/invite [agency id]`: the roles the official may invite into the agency (their own
 * unless an admin names another), each a button that issues a code.
 */
export function inviteScreen(ctx: ConsoleContext, argument: string): AdminReply {
  const agencyId = argument.trim() || ctx.official.agencyId;
  const agency = ctx.deps.reference.agencies.find((candidate) => candidate.id === agencyId);
  if (!agency) return say(ctx.t("invite.unknown_agency", { agency: agencyId }), [inboxButton(ctx)]);
  const roles = officialRoles.filter((role) => mayInvite(ctx.official, agency.id, role));
  if (roles.length === 0) return say(ctx.t("invite.not_allowed"), [inboxButton(ctx)]);
  return say(ctx.t("invite.ask_role", { agency: agency.name[ctx.official.language] }), [
    ...roles.map((role) => ({ id: buttonData({ type: "invite", role, agencyId: agency.id }), label: ctx.t(`role.${role}`) })),
    inboxButton(ctx),
  ]);
}

/** Issues the code through the core use case (which checks the issuer again) and shows it with its link. */
export async function issueInviteFor(ctx: ConsoleContext, role: OfficialRole, agencyId: string): Promise<AdminReply> {
  const result = await issueInvite(ctx.deps, { agencyId, role, issuer: { type: "official", officialId: ctx.official.id }, now: ctx.now }, ctx.deps.randomBytes);
  if (!result.ok) return say(ctx.t(result.reason === "unknown_agency" ? "invite.unknown_agency" : "invite.not_allowed", { agency: agencyId }), [inboxButton(ctx)]);
  const { invite } = result;
  const timeZone = ctx.deps.calendar.timeZone;
  const link = ctx.deps.inviteLink?.(invite.code);
  return say(
    [
      ctx.t("invite.issued", { role: ctx.t(`role.${role}`), code: invite.code, date: formatInstantDate(invite.expiresAt, timeZone), time: formatTime(invite.expiresAt, timeZone) }),
      ...(link ? [link] : []),
    ].join("\n"),
    [inboxButton(ctx)],
  );
}

/** The agency's officials with their roles; supervisors and admins can switch access off and on. */
export async function officialsScreen(ctx: ConsoleContext): Promise<AdminReply> {
  const colleagues = await ctx.deps.officials.listByAgency(ctx.official.agencyId);
  const lines = colleagues.map((official) => ctx.t(official.active ? "people.line_active" : "people.line_inactive", { name: official.displayName, role: ctx.t(`role.${official.role}`) }));
  const toggles = colleagues
    .filter((official) => mayManage(ctx.official, official))
    .map((official) => ({
      id: buttonData({ type: "set_active", officialId: official.id, active: !official.active }),
      label: ctx.t(official.active ? "people.deactivate" : "people.activate", { name: official.displayName }),
    }));
  return say([ctx.t("people.title"), ...lines].join("\n"), [...toggles, inboxButton(ctx)]);
}

export async function setActive(ctx: ConsoleContext, officialId: string, active: boolean): Promise<AdminReply> {
  const result = await setOfficialActive(ctx.deps, ctx.official.id, officialId, active);
  if (!result.ok) return say(ctx.t(`people.refused_${result.reason}`), [inboxButton(ctx)]);
  const screen = await officialsScreen(ctx);
  return { ...screen, text: `${ctx.t(active ? "people.activated" : "people.deactivated", { name: result.official.displayName })}\n\n${screen.text}` };
}
