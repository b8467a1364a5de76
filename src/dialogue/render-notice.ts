import type { Appeal, Language, OutboxEntry } from "../core/appeal/appeal.js";
import type { Outbound } from "../core/outbound.js";
import { namedFiles } from "../core/appeal/file-name.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { Translator } from "../i18n/translator.js";
import { appealParams, contestKey } from "./appeal-texts.js";
import { formatDate } from "./format-date.js";
import { addMonths } from "../core/calendar/local-date.js";
import { contestTermMonths, courtTermMonths } from "./dialogue-deps.js";

/** Longest official text repeated in a notification; Telegram refuses messages over 4,096 characters. */
export const maxQuotedLength = 3_000;

export type NoticeDeps = Readonly<{ translator: Translator; reference: ReferenceData; timeZone: string }>;

/**
 * The message that tells the citizen about a decision, in their language: what was
 * decided, by whom, the date that matters, and the button to act on it. A final
 * decision says how to contest it.
 */
export function renderNotice(deps: NoticeDeps, appeal: Appeal, entry: OutboxEntry, language: Language): Outbound {
  const t = (key: string, params?: Readonly<Record<string, string | number>>) => deps.translator.translate(key, language, params);
  const decision = appeal.history[entry.historyIndex];
  const params = {
    ...appealParams(appeal, deps.reference, language, deps.timeZone),
    deadline: formatDate(decision?.deadline ?? appeal.deadline),
    question: quote(decision?.text),
    answer: quote(decision?.text),
    comment: quote(decision?.text),
    reason: entry.notice === "rejected" ? t(`notice:reason.${decision?.reason ?? "other_legal_ground"}`) : withoutFinalStop(decision?.reason ?? ""),
  };
  const button = (key: string, flow: string) => [{ id: `go:${flow}:${appeal.id}`, label: t(key) }];
  switch (entry.notice) {
    case "clarification_requested":
      return { text: t("notice:clarification_requested", params), choices: button("notice:reply", "clarify") };
    case "answered": {
      // The files arrive before this text; their names here tell the citizen which documents the answer meant.
      const names = namedFiles(decision?.attachments ?? []);
      const files = names.length > 0 ? `\n${t("notice:answer_files", { names: names.join(", ") })}` : "";
      return {
        text: `${t("notice:answered", params)}${files}\n\n${t(contestKey("contest", appeal, deps.reference), params)}`,
        choices: button("notice:rate", "rate"),
        ...(decision?.attachments?.length ? { attachments: decision.attachments } : {}),
      };
    }
    case "overdue": {
      // Silence past the deadline is a refusal the citizen may contest from the day after it.
      const missed = decision?.deadline ?? appeal.deadline;
      const terms = { contestUntil: formatDate(addMonths(missed, contestTermMonths)), courtUntil: formatDate(addMonths(missed, courtTermMonths)) };
      return { text: t(contestKey("overdue", appeal, deps.reference), { ...params, ...terms }), choices: [] };
    }
    case "rejected":
      return { text: `${t("notice:rejected", params)}\n\n${t(contestKey("contest", appeal, deps.reference), params)}`, choices: [] };
    default:
      return { text: t(`notice:${entry.notice}`, params), choices: [] };
  }
}

/** An official's reason as typed ("по компетенции.") sits before the text's own period: one is enough. */
function withoutFinalStop(text: string): string {
  return text.trim().replace(/[.。]+$/u, "");
}

function quote(text: string | undefined): string {
  if (!text) return "";
  return text.length > maxQuotedLength ? `${text.slice(0, maxQuotedLength)}…` : text;
}
