import type { AttachmentRef } from "../appeal/appeal.js";
import { AppError } from "../errors.js";

/** A file's bytes with what a channel needs to send it on. */
export type MediaFile = Readonly<{ data: Uint8Array; fileName: string; mimeType: string | undefined }>;

/**
 * Opens a file a citizen or an official sent, whichever channel holds it: file ids
 * belong to one bot or one WhatsApp account, so a file shown elsewhere is downloaded
 * from its own channel and uploaded again.
 */
export interface MediaSource {
  /**
   * Throws an AppError when the channel no longer has the file (expired, deleted: code
   * `MEDIA_UNAVAILABLE`, which no retry mends) or cannot be reached (any other code).
   */
  open(attachment: AttachmentRef): Promise<MediaFile>;
}

/** The code of a file gone for good: a sender goes on without it instead of retrying. */
export const mediaUnavailable = "MEDIA_UNAVAILABLE";

export function isMediaUnavailable(error: unknown): boolean {
  return error instanceof AppError && error.code === mediaUnavailable;
}
