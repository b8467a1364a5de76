import type { Appeal } from "../core/appeal/appeal.js";
import type { LocalDate } from "../core/calendar/local-date.js";
import type { Outbound } from "../core/outbound.js";
import type { Official } from "../core/ports/official-repository.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import { formatDate } from "../dialogue/format-date.js";
import type { Translator } from "../i18n/translator.js";
import { buttonData } from "./callback-data.js";

export type AlertDeps = Readonly<{ translator: Translator; reference: ReferenceData }>;

/**
 * A reminder, an overdue alert, news of an incoming appeal or of a citizen's clarification for an official, in their language, with a button that
 * opens the appeal's card in the admin bot.
 */
export function renderAlert(deps: AlertDeps, alert: Readonly<{ kind: "before3" | "due" | "overdue" | "incoming" | "clarified"; deadline: LocalDate }>, appeal: Appeal, official: Official): Outbound {
  const t = (key: string, params?: Readonly<Record<string, string | number>>) => deps.translator.translate(`admin:${key}`, official.language, params);
  const category = deps.reference.categories.find((candidate) => candidate.id === appeal.categoryId);
  const params = { number: appeal.id, deadline: formatDate(alert.deadline), category: category?.name[official.language] ?? appeal.categoryId, status: t(`status.${appeal.status}`) };
  return { text: t(`alert.${alert.kind}`, params), choices: [{ id: buttonData({ type: "card", appealId: appeal.id }), label: t("alert.open") }] };
}
