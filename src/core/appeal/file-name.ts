import type { AttachmentRef } from "./appeal.js";

/** Longest file name kept, in characters: enough for any real name, short enough for a card line or a button. */
export const maxFileNameLength = 120;

/** An extension worth keeping when a long name is shortened (".pdf", ".docx", ".jpeg"). */
const extensionPattern = /\.[\p{L}\p{N}]{1,10}$/u;

/**
 * A file name as a person sent it, made safe to store and show: only its last path
 * segment (a name is never a path), without control or invisible formatting characters
 * (a right-to-left override can disguise "exe.pdf"), on one line, at most
 * `maxFileNameLength` UTF-16 units with its extension kept. Undefined when nothing
 * readable is left.
 */
export function cleanFileName(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  const lastSegment = raw.normalize("NFC").split(/[\\/]/).at(-1) ?? "";
  // Line breaks and tabs become spaces; other control and formatting characters simply go.
  const cleaned = lastSegment
    .replace(/\s+/gu, " ")
    .replace(/[\p{Cc}\p{Cf}]/gu, "")
    .replace(/ {2,}/g, " ")
    .trim();
  if (/^[.\s]*$/u.test(cleaned)) return undefined;
  // Measured in UTF-16 units, as the stored schema and JavaScript count: an emoji is two.
  if (cleaned.length <= maxFileNameLength) return cleaned;
  const extension = extensionPattern.exec(cleaned)?.[0] ?? "";
  let stem = "";
  for (const character of cleaned) {
    if (stem.length + character.length + 1 + extension.length > maxFileNameLength) break;
    stem += character;
  }
  return `${stem.trimEnd()}…${extension}`;
}

/**
 * The names of the files that have one, as a person reads them in a list. A photo
 * has no name of its own in any messenger, so it is left out even when an upload
 * gave it one.
 */
export function namedFiles(attachments: readonly AttachmentRef[]): string[] {
  return attachments.flatMap((attachment) => (attachment.kind !== "photo" && attachment.fileName ? [attachment.fileName] : []));
}
