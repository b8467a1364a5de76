import { appealStatuses, noticeTypes, rejectionReasons } from "../core/appeal/appeal.js";
import { pleaseWaitKey } from "./please-wait.js";

/**
 * Texts the dialogue service renders itself (lists, details, refusals, notifications), besides the
 * flows' and the engine's. Checked at start-up like theirs.
 */
export const dialogueTextKeys: readonly string[] = [
  "appeal:submit_failed",
  pleaseWaitKey,
  "clarify:not_expected",
  "mine:answer",
  "mine:details",
  "mine:list_header",
  "mine:list_line",
  "mine:none",
  "mine:no_more",
  "common:choice.previous",
  "common:choice.more",
  "mine:not_found",
  "rate:not_rated",
  "common:request.contact",
  "common:request.location",
  "common:command.menu",
  ...appealStatuses.map((status) => `appeal:status.${status}`),
  ...noticeTypes.filter((notice) => notice !== "overdue").map((notice) => `notice:${notice}`),
  "notice:answer_files",
  "notice:overdue.higher_body",
  "notice:overdue.court",
  ...rejectionReasons.map((reason) => `notice:reason.${reason}`),
  "notice:contest.higher_body",
  "notice:contest.court",
  "notice:reply",
  "notice:rate",
];
