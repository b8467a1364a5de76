import type { AttachmentRef } from "../appeal/appeal.js";

/** A file's bytes with what a channel needs to send it on. */
export type MediaFile = Readonly<{ data: Uint8Array; fileName: string; mimeType: string | undefined }>;

/**
 * Opens a file a citizen or an official sent, whichever channel holds it: file ids
 * belong to one bot or one WhatsApp account, so a file shown elsewhere is downloaded
 * from its own channel and uploaded again.
 */
export interface MediaSource {
  /** Throws an AppError when the channel no longer has the file (expired, deleted) or cannot be reached. */
  open(attachment: AttachmentRef): Promise<MediaFile>;
}
