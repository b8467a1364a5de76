import type { Appeal } from "../core/appeal/appeal.js";
import { localDateOf } from "../core/calendar/local-date.js";
import { isOverdue } from "../core/deadlines/overdue.js";
import { formatDate } from "../dialogue/format-date.js";
import type { AdminReply } from "./admin-input.js";
import { officialsNamed, renderCard } from "./appeal-card.js";
import { buttonData } from "./callback-data.js";
import { actorOf, say, type ConsoleContext } from "./console-context.js";
import { inboxFilters, inboxQuery, mayOpenList, type InboxFilter } from "./inbox.js";

/** Appeals on one page of a list; each is a button, and Telegram shows about this many comfortably. */
export const listPageSize = 8;

/** The inbox: how many appeals wait in each list, with a button for each list the official may open. */
export async function inboxScreen(ctx: ConsoleContext): Promise<AdminReply> {
  const { deps, official, t } = ctx;
  const today = localDateOf(ctx.now, deps.calendar.timeZone);
  const counts = await Promise.all(inboxFilters.map((filter) => deps.appeals.countByAgency(inboxQuery(filter, official.agencyId, today))));
  const agency = deps.reference.agencies.find((candidate) => candidate.id === official.agencyId);
  const lines = inboxFilters.map((filter, index) => t(`inbox.line_${filter}`, { count: counts[index] ?? 0 }));
  const lists = inboxFilters
    .filter((filter) => mayOpenList(filter, official.role))
    .map((filter) => ({ id: buttonData({ type: "list", filter, page: 0 }), label: t(`inbox.button_${filter}`, { count: counts[inboxFilters.indexOf(filter)] ?? 0 }) }));
  return {
    text: [t("inbox.title", { agency: agency?.name[official.language] ?? official.agencyId }), ...lines, "", t("inbox.find_hint")].join("\n"),
    choices: lists,
    screen: true,
  };
}

/** One page of a list, nearest deadline first; each appeal a button that opens its card. */
export async function listScreen(ctx: ConsoleContext, filter: InboxFilter, page: number): Promise<AdminReply> {
  const { deps, official, t } = ctx;
  if (!mayOpenList(filter, official.role)) return say(t("refused.role_required"), [{ id: buttonData({ type: "inbox" }), label: t("menu.inbox") }]);
  const today = localDateOf(ctx.now, deps.calendar.timeZone);
  const query = inboxQuery(filter, official.agencyId, today);
  // One more than a page tells whether a next page exists without counting.
  const appeals = await deps.appeals.listByAgency(query, { limit: listPageSize + 1, offset: page * listPageSize });
  const shown = appeals.slice(0, listPageSize);
  const navigation = [
    ...(page > 0 ? [{ id: buttonData({ type: "list", filter, page: page - 1 }), label: t("list.previous") }] : []),
    ...(appeals.length > listPageSize ? [{ id: buttonData({ type: "list", filter, page: page + 1 }), label: t("list.next") }] : []),
    { id: buttonData({ type: "inbox" }), label: t("menu.inbox") },
  ];
  const title = t(`list.title_${filter}`);
  if (shown.length === 0) return { text: `${title}\n${t("list.empty")}`, choices: navigation, screen: true };
  return {
    text: title,
    choices: [...shown.map((appeal) => ({ id: buttonData({ type: "card", appealId: appeal.id }), label: listLabel(ctx, appeal) })), ...navigation],
    screen: true,
  };
}

function listLabel(ctx: ConsoleContext, appeal: Appeal): string {
  const category = ctx.deps.reference.categories.find((candidate) => candidate.id === appeal.categoryId);
  const late = isOverdue(appeal, ctx.deps.calendar, ctx.now) ? "⚠ " : "";
  return `${late}${appeal.id} · ${formatDate(appeal.deadline)} · ${category?.name[ctx.official.language] ?? appeal.categoryId}`;
}

/**
 * The appeal's card, if it belongs to the official's agency. An appeal of another
 * agency is answered exactly like one that does not exist (its number reveals
 * nothing), and the look is reported as refused.
 */
export async function cardScreen(ctx: ConsoleContext, appealId: string): Promise<AdminReply> {
  const appeal = await visibleAppeal(ctx, appealId);
  if (!appeal) return say(ctx.t("card.not_found", { number: appealId }), [{ id: buttonData({ type: "inbox" }), label: ctx.t("menu.inbox") }]);
  const colleagues = await ctx.deps.officials.listByAgency(ctx.official.agencyId);
  // Officials of other agencies (who forwarded it here) are read one by one: a card names only a few.
  const listed = new Set(colleagues.map((official) => official.id));
  const others = await Promise.all(officialsNamed(appeal).filter((id) => !listed.has(id)).map((id) => ctx.deps.officials.get(id)));
  const people = [...colleagues, ...others.filter((official) => official !== undefined)];
  return { ...renderCard(ctx.deps, ctx.t, appeal, ctx.official, people, ctx.now), screen: true };
}

/** The appeal when the official may see it; a look at another agency's appeal is logged. */
export async function visibleAppeal(ctx: ConsoleContext, appealId: string): Promise<Appeal | undefined> {
  const appeal = await ctx.deps.appeals.get(appealId);
  if (appeal && appeal.agencyId === ctx.official.agencyId) return appeal;
  if (appeal) {
    ctx.deps.onRefused({ appealId, decision: "view", actor: actorOf(ctx.official), reason: "not_your_agency" });
  }
  return undefined;
}
