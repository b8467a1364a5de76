import { autoRetry } from "@grammyjs/auto-retry";
import { Api, GrammyError, HttpError } from "grammy";
import type { Outbound } from "../../core/outbound.js";
import { DeliveryError, type ChannelSender, type SendReport } from "../../core/ports/channel-sender.js";
import { isMediaUnavailable } from "../../core/ports/media-source.js";
import type { AttachmentRef } from "../../core/appeal/appeal.js";
import type { MediaSource } from "../../core/ports/media-source.js";
import { toSendParams } from "./render-outbound.js";
import { sendFile } from "./send-file.js";

/** The bot token and Bot API server the notifications go through, and where to open the files they carry. */
export type TelegramSenderOptions = Readonly<{ token: string; apiRoot: string; media?: MediaSource | undefined }>;

/**
 * Sends notifications to citizens on Telegram for the delivery worker, and says why
 * one did not go: the worker decides from the kind whether to give up, wait or retry.
 */
export class TelegramSender implements ChannelSender {
  private readonly api: Api;

  constructor(private readonly options: TelegramSenderOptions) {
    // A request that hangs must not hold a worker slot, nor a shutdown, for grammY's default of 500 s.
    this.api = new Api(options.token, { apiRoot: options.apiRoot.replace(/\/+$/, ""), timeoutSeconds: 30 });
    // Only a short 429 is waited out here. A long one, a 5xx or a network failure goes back
    // to the queue, which pauses or backs off without holding a worker slot (STACK.md).
    this.api.config.use(autoRetry({ maxDelaySeconds: 3, maxRetryAttempts: 2, rethrowInternalServerErrors: true, rethrowHttpErrors: true }));
  }

  async send(citizenId: string, message: Outbound): Promise<SendReport> {
    const chatId = /^telegram:(-?\d+)$/.exec(citizenId)?.[1];
    if (chatId === undefined) throw new DeliveryError("blocked", `Not a Telegram address: ${citizenId.split(":")[0] ?? ""}`);
    try {
      // Files first, so the text with its buttons ends the notification; a retry after a failure may repeat a file.
      let unavailableFiles = 0;
      for (const attachment of message.attachments ?? []) if (!(await this.sendAttachment(Number(chatId), attachment))) unavailableFiles += 1;
      for (const params of toSendParams(message, { removeReplyKeyboard: false })) await this.api.sendMessage(Number(chatId), params.text, params.other);
      return { unavailableFiles };
    } catch (error) {
      throw classify(error);
    }
  }

  /** False when the file is gone for good and was left out. */
  private async sendAttachment(chatId: number, attachment: AttachmentRef): Promise<boolean> {
    if (!this.options.media) throw new DeliveryError("transient", `No media source for files of '${attachment.channel}' in this process`);
    const file = await this.options.media.open(attachment).catch((error: unknown) => {
      // A file the channel no longer has must not hold back the answer itself; anything else is retried.
      if (isMediaUnavailable(error)) return undefined;
      throw error;
    });
    if (!file) return false;
    await sendFile(this.api, chatId, attachment.kind, file);
    return true;
  }
}

/**
 * The Bot API's refusal as a DeliveryError. The grammY error is not kept as the cause:
 * it carries the request, message text included, and errors end up in logs.
 */
function classify(error: unknown): DeliveryError {
  if (error instanceof DeliveryError) return error;
  if (error instanceof GrammyError) {
    const { error_code: code, description } = error;
    // 403: the citizen blocked the bot or deleted the account; "chat not found": the chat never was or is gone.
    if (code === 403 || (code === 400 && /chat not found/i.test(description))) return new DeliveryError("blocked", description);
    if (code === 429) return new DeliveryError("rate_limited", description, (error.parameters.retry_after ?? 1) * 1_000);
    return new DeliveryError("transient", `${code}: ${description}`);
  }
  if (error instanceof HttpError) return new DeliveryError("transient", "Telegram could not be reached");
  return new DeliveryError("transient", error instanceof Error ? error.message : String(error));
}
