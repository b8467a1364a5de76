import type { Actor, Appeal, AttachmentRef, HistoryEntry } from "../core/appeal/appeal.js";
import { statusRules, allowedDecisions } from "../core/appeal/status-rules.js";
import type { DecisionType } from "../core/appeal/decision.js";
import { isForwardingLate } from "../core/deadlines/forwarding-term.js";
import { isOverdue } from "../core/deadlines/overdue.js";
import type { Official } from "../core/ports/official-repository.js";
import { formatDate, formatInstantDate, formatTime } from "../dialogue/format-date.js";
import type { AdminReply } from "./admin-input.js";
import { buttonData, type CardAction } from "./callback-data.js";
import type { ConsoleDeps, Translate } from "./console-deps.js";
import { filesLine } from "./files-line.js";

/** The decision behind each action button of the card. */
export const decisionOfAction: Readonly<Record<CardAction, DecisionType>> = {
  take: "take",
  answer: "answer",
  clarify: "ask_clarification",
  forward: "forward",
  reject: "reject",
  extend: "extend",
  reassign: "reassign",
  close: "close",
};

/** History lines on the card; older ones are summarised by a count. */
const historyShown = 12;

/** The actions `official` may start on `appeal` now: allowed in its status and for their role. */
export function availableActions(appeal: Appeal, official: Official): CardAction[] {
  const allowed = allowedDecisions(appeal.status);
  return (Object.keys(decisionOfAction) as CardAction[]).filter((action) => {
    const decision = decisionOfAction[action];
    const roles = statusRules[decision].roles;
    return statusRules[decision].by === "official" && allowed.includes(decision) && (!roles || roles.includes(official.role));
  });
}

/** Everything the citizen sent: the appeal's files and those of their clarifications. */
export function appealFiles(appeal: Appeal): AttachmentRef[] {
  return [...appeal.attachments, ...appeal.history.flatMap((entry) => (entry.event === "clarified" ? (entry.attachments ?? []) : []))];
}

/**
 * The appeal card: every field an official needs to decide, the citizen's text as
 * written (in the language it was written in), the record, and any notice the citizen
 * did not receive; with the actions the official may take now.
 */
export function renderCard(deps: ConsoleDeps, t: Translate, appeal: Appeal, viewer: Official, people: readonly Official[], now: Date): AdminReply {
  const language = viewer.language;
  const agencyName = (id: string | undefined) => deps.reference.agencies.find((agency) => agency.id === id)?.name[language] ?? id ?? "";
  const known = new Map(people.map((official) => [official.id, official]));
  const names: Names = (officialId, agencyId) => {
    const official = known.get(officialId);
    return official ? `${official.displayName} (${t(`role.${official.role}`)})` : t("card.actor_official", { agency: agencyName(agencyId ?? appeal.agencyId) });
  };
  const timeZone = deps.calendar.timeZone;
  const category = deps.reference.categories.find((candidate) => candidate.id === appeal.categoryId);
  const region = deps.reference.regions.find((candidate) => candidate.id === appeal.regionId);
  const district = region?.districts.find((candidate) => candidate.id === appeal.districtId);
  const overdue = isOverdue(appeal, deps.calendar, now);
  const files = appealFiles(appeal);
  const lines = [
    t("card.title", { number: appeal.id, status: t(`status.${appeal.status}`) }),
    `${t(`appeal:kind.${appeal.kind}`)} · ${category?.name[language] ?? appeal.categoryId}`,
    t("card.place", { place: [region?.name[language] ?? appeal.regionId, district?.name[language]].filter(Boolean).join(", ") }),
    t("card.received", { date: formatInstantDate(appeal.receivedAt, timeZone), time: formatTime(appeal.receivedAt, timeZone) }),
    t(overdue ? "card.deadline_overdue" : "card.deadline", { deadline: formatDate(appeal.deadline) }),
    ...(isForwardingLate(appeal, deps.calendar, now) ? [t("card.forwarding_late")] : []),
    appeal.assignedOfficialId ? t("card.assignee", { name: names(appeal.assignedOfficialId) }) : t("card.unassigned"),
    t("card.language", { language: t(`language.${appeal.language}`) }),
    appeal.applicant
      ? t("card.applicant", { name: appeal.applicant.fullName, iin: appeal.applicant.iin, phone: appeal.applicant.phone, address: appeal.applicant.postalAddress })
      : t("card.anonymous"),
    ...(appeal.location ? [t("card.location", { link: mapLink(appeal.location) })] : []),
    ...(files.length > 0 ? [filesLine(t, "card.files", files)] : []),
    "",
    t("card.text"),
    appeal.text,
    "",
    t("card.history"),
    ...historyLines(deps, t, appeal.history, names, agencyName),
    ...deliveryLines(t, appeal),
  ];
  const actions = availableActions(appeal, viewer).map((action) => ({ id: buttonData({ type: "action", action, appealId: appeal.id }), label: t(`action.${action}`) }));
  const extra = [
    ...(files.length > 0 ? [{ id: buttonData({ type: "files", appealId: appeal.id }), label: t("card.show_files", { count: files.length }) }] : []),
    { id: buttonData({ type: "inbox" }), label: t("menu.inbox") },
  ];
  return { text: lines.join("\n"), choices: [...actions, ...extra] };
}

/** An official's name and role as the card shows them; one no longer known is named by their agency, never by an internal id. */
type Names = (officialId: string, agencyId?: string) => string;

/** The officials a card names (its assignee and the authors of its history), for `renderCard`. */
export function officialsNamed(appeal: Appeal): string[] {
  const ids = appeal.history.flatMap((entry) => (entry.actor.type === "official" ? [entry.actor.officialId] : []));
  return [...new Set([...(appeal.assignedOfficialId ? [appeal.assignedOfficialId] : []), ...ids])];
}

/** A link that opens the citizen's point on a map in any browser (OpenStreetMap). */
export function mapLink(location: Readonly<{ latitude: number; longitude: number }>): string {
  const latitude = location.latitude.toFixed(5);
  const longitude = location.longitude.toFixed(5);
  return `https://www.openstreetmap.org/?mlat=${latitude}&mlon=${longitude}#map=17/${latitude}/${longitude}`;
}

function historyLines(deps: ConsoleDeps, t: Translate, history: readonly HistoryEntry[], names: Names, agencyName: (id: string | undefined) => string): string[] {
  const timeZone = deps.calendar.timeZone;
  const shown = history.slice(-historyShown);
  const omitted = history.length - shown.length;
  return [
    ...(omitted > 0 ? [t("card.history_omitted", { count: omitted })] : []),
    ...shown.map((entry) => {
      const when = `${formatInstantDate(entry.at, timeZone)} ${formatTime(entry.at, timeZone)}`;
      const detail = entryDetail(t, entry, agencyName);
      return `${when} · ${t(`event.${entry.event}`)} · ${actorName(t, entry.actor, names)}${detail ? `\n   ${detail}` : ""}`;
    }),
  ];
}

function entryDetail(t: Translate, entry: HistoryEntry, agencyName: (id: string | undefined) => string): string | undefined {
  switch (entry.event) {
    case "forwarded":
      return t("card.detail_forwarded", { agency: agencyName(entry.toAgencyId), reason: entry.reason ?? "" });
    case "rejected":
      return t("card.detail_rejected", { reason: t(`reject_reason.${entry.reason ?? "other_legal_ground"}`), comment: entry.text ?? "" });
    case "extended":
      return t("card.detail_extended", { deadline: entry.deadline ? formatDate(entry.deadline) : "", reason: entry.reason ?? "" });
    case "rated":
      return t("card.detail_rated", { score: entry.score ?? 0, comment: entry.text ?? "" });
    default:
      return entry.text ? `«${entry.text}»${entry.attachments?.length ? ` 📎${entry.attachments.length}` : ""}` : undefined;
  }
}

function actorName(t: Translate, actor: Actor, names: Names): string {
  if (actor.type === "official") return names(actor.officialId, actor.agencyId);
  return t(actor.type === "citizen" ? "card.actor_citizen" : "card.actor_system");
}

/**
 * Notices the citizen did not get (blocked the bot, gave up after retries) or got without some
 * files (gone from their channel), so the official can reach them otherwise.
 */
function deliveryLines(t: Translate, appeal: Appeal): string[] {
  return appeal.outbox.flatMap((entry) => {
    if (entry.failedAt) return [t("card.delivery_failed", { notice: t(`notice_name.${entry.notice}`), failure: entry.failure ?? "" })];
    return entry.unavailableFiles ? [t("card.files_unavailable", { notice: t(`notice_name.${entry.notice}`), count: entry.unavailableFiles })] : [];
  });
}
