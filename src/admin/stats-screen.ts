import { localDateOf } from "../core/calendar/local-date.js";
import { parseStatsPeriod } from "../core/stats/period.js";
import { responsivenessForPeriod } from "../core/stats/responsiveness-for-period.js";
import { formatDate } from "../dialogue/format-date.js";
import type { AdminReply } from "./admin-input.js";
import { buttonData } from "./callback-data.js";
import { say, type ConsoleContext } from "./console-context.js";
import { parseTypedDate } from "./typed-date.js";

/**
 * `/stats [from to]`: the responsiveness of the supervisor's agency (an admin: of all
 * agencies) for the appeals received in the period, this month by default.
 */
export async function statsScreen(ctx: ConsoleContext, argument: string): Promise<AdminReply> {
  const { official, t } = ctx;
  const back = [{ id: buttonData({ type: "inbox" }), label: t("menu.inbox") }];
  if (official.role === "official") return say(t("refused.role_required"), back);
  const today = localDateOf(ctx.now, ctx.deps.calendar.timeZone);
  const [fromText, toText] = argument.split(/\s+/).filter(Boolean);
  const period = fromText ? parseStatsPeriod(parseTypedDate(fromText) ?? fromText, parseTypedDate(toText ?? fromText) ?? toText ?? fromText) : parseStatsPeriod(`${today.slice(0, 8)}01`, today);
  if (!period.ok) return say(t("stats.usage"), back);
  const agencyId = official.role === "admin" ? undefined : official.agencyId;
  const result = await responsivenessForPeriod({ stats: ctx.deps.stats, calendar: ctx.deps.calendar }, { period: period.period, now: ctx.now, agencyId });
  const figures = agencyId ? (result.byAgency.find((row) => row.agencyId === agencyId)?.figures ?? result.total) : result.total;
  const agency = ctx.deps.reference.agencies.find((candidate) => candidate.id === agencyId);
  const lines = [
    t("stats.title", { from: formatDate(period.period.from), to: formatDate(period.period.to), scope: agency?.name[official.language] ?? t("stats.all_agencies") }),
    t("stats.received", { count: figures.received }),
    t("stats.on_time", { count: figures.answeredOnTime }),
    t("stats.late", { count: figures.answeredLate }),
    t("stats.overdue", { count: figures.overdueNow }),
    t("stats.forwarded", { count: figures.forwarded }),
    t("stats.rejected", { count: figures.rejected }),
    figures.medianWorkingDaysToAnswer === null ? t("stats.median_none") : t("stats.median", { days: figures.medianWorkingDaysToAnswer }),
    figures.ratingAverage === null ? t("stats.rating_none") : t("stats.rating", { average: figures.ratingAverage.toFixed(1), count: figures.ratingCount }),
    "",
    t("stats.export_hint"),
  ];
  return say(lines.join("\n"), back);
}
