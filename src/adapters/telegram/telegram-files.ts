import { Api, GrammyError } from "grammy";
import type { AttachmentRef } from "../../core/appeal/appeal.js";
import { AppError } from "../../core/errors.js";
import { mediaUnavailable, type MediaFile, type MediaSource } from "../../core/ports/media-source.js";

/** A download that takes longer is given up (the Bot API serves files up to 20 MB). */
const downloadTimeoutMs = 60_000;
const extensions: Readonly<Record<AttachmentRef["kind"], string>> = { photo: "jpg", voice: "ogg", audio: "mp3", video: "mp4", document: "bin" };

/**
 * Downloads files that reached one of Estu's bots: a file id works only with the bot
 * that received it, so each bot's files are opened through that bot's token.
 */
export class TelegramFiles implements MediaSource {
  private readonly api: Api;
  private readonly apiRoot: string;

  constructor(private readonly token: string, apiRoot: string) {
    this.apiRoot = apiRoot.replace(/\/+$/, "");
    this.api = new Api(token, { apiRoot: this.apiRoot });
  }

  async open(attachment: AttachmentRef): Promise<MediaFile> {
    let filePath: string | undefined;
    try {
      filePath = (await this.api.getFile(attachment.fileId)).file_path;
    } catch (error) {
      const reason = error instanceof GrammyError ? error.description : "Telegram could not be reached";
      throw new AppError(mediaUnavailable, `Telegram did not give the file: ${reason}`, { channel: attachment.channel, kind: attachment.kind });
    }
    if (!filePath) throw new AppError(mediaUnavailable, "Telegram gave no path for the file (too big for the Bot API?)", { channel: attachment.channel });
    const response = await fetch(`${this.apiRoot}/file/bot${this.token}/${filePath}`, { signal: AbortSignal.timeout(downloadTimeoutMs) });
    if (!response.ok) throw new AppError(mediaUnavailable, `Downloading the file failed with HTTP ${response.status}`, { channel: attachment.channel });
    const name = filePath.split("/").at(-1) ?? `file.${extensions[attachment.kind]}`;
    return { data: new Uint8Array(await response.arrayBuffer()), fileName: name.includes(".") ? name : `${name}.${extensions[attachment.kind]}`, mimeType: attachment.mimeType };
  }
}
