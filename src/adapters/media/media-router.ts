import type { AttachmentRef } from "../../core/appeal/appeal.js";
import { AppError } from "../../core/errors.js";
import type { MediaFile, MediaSource } from "../../core/ports/media-source.js";

/** Opens each file through the channel that holds it (`telegram`, `telegram-admin`, `whatsapp`, ...). */
export class MediaRouter implements MediaSource {
  private readonly sources = new Map<string, MediaSource>();

  /** Registers the source of one channel's files. */
  add(channel: string, source: MediaSource): this {
    this.sources.set(channel, source);
    return this;
  }

  /**
   * The file under the name its sender gave it, when known: a channel's own storage
   * name (Telegram's `file_17.pdf`) means nothing to the person who receives it.
   */
  async open(attachment: AttachmentRef): Promise<MediaFile> {
    const source = this.sources.get(attachment.channel);
    if (!source) {
      throw new AppError("MEDIA_CHANNEL_NOT_CONFIGURED", `No channel '${attachment.channel}' is configured in this process to open the file.`, { channel: attachment.channel });
    }
    const file = await source.open(attachment);
    return attachment.fileName ? { ...file, fileName: attachment.fileName } : file;
  }
}
