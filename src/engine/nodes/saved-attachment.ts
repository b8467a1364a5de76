import type { AttachmentRef } from "../../core/appeal/appeal.js";
import type { SavedValue } from "../../core/ports/conversation-store.js";

/** An attachment as a plain saved value (no undefined fields, which JSON would drop anyway). */
export function savedAttachment(attachment: AttachmentRef): SavedValue {
  const saved: Record<string, SavedValue> = { kind: attachment.kind, channel: attachment.channel, fileId: attachment.fileId };
  if (attachment.mimeType !== undefined) saved["mimeType"] = attachment.mimeType;
  if (attachment.sizeBytes !== undefined) saved["sizeBytes"] = attachment.sizeBytes;
  if (attachment.fileName !== undefined) saved["fileName"] = attachment.fileName;
  return saved;
}

/** A saved list, or an empty one. */
export function savedList(value: SavedValue | undefined): SavedValue[] {
  return Array.isArray(value) ? [...(value as SavedValue[])] : [];
}
