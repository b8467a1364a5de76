import type { AttachmentRef } from "../core/appeal/appeal.js";
import { namedFiles } from "../core/appeal/file-name.js";
import type { Translate } from "./console-deps.js";

/**
 * "Files: 2", or "Files: 2 — act.pdf, plan.docx" when some have names (`key` and
 * `<key>_named`): the official sees which documents there are before opening them.
 */
export function filesLine(t: Translate, key: string, attachments: readonly AttachmentRef[]): string {
  const names = namedFiles(attachments);
  return names.length > 0 ? t(`${key}_named`, { count: attachments.length, names: names.join(", ") }) : t(key, { count: attachments.length });
}
