import type { MediaFile } from "./media-source.js";

/**
 * Where files citizens sent are kept when their channel holds them only for a while
 * (WhatsApp's media links expire): written once at receipt, by the attachment's file id.
 */
export interface MediaArchive {
  has(fileId: string): Promise<boolean>;
  put(fileId: string, file: MediaFile): Promise<void>;
}
