import type { Context } from "grammy";
import type { Message, Update } from "grammy/types";
import type { AdminEvent, AdminInput, AdminReply } from "../../admin/admin-input.js";
import type { MediaSource } from "../../core/ports/media-source.js";
import type { LogRef } from "../../core/log-ref.js";
import type { Logger } from "../../logger.js";
import { adminFilesChannel } from "./admin-files-channel.js";
import { BotHost, describeError } from "./bot-host.js";
import { toSendParams } from "./render-outbound.js";
import { sendFile } from "./send-file.js";
import { attachmentOf } from "./to-inbound.js";


/** What the admin bot needs of the officials' console. */
export type Console = Readonly<{ handle(input: AdminInput): Promise<readonly AdminReply[]> }>;

export type AdminBotOptions = Readonly<{
  token: string;
  apiRoot: string;
  console: Console;
  /** Opens citizens' files (and officials' own) to upload them to the official. */
  media: MediaSource;
  redisUrl: string;
  log: Logger;
  logRef: LogRef;
  lockPrefix?: string;
  webhookUrl?: string | undefined;
}>;

/**
 * The officials' Telegram bot: updates become the console's events, one at a time per
 * official; screens replace the message whose button was pressed; citizens' files are
 * downloaded from the bot that received them and uploaded here.
 */
export class AdminBot {
  readonly host: BotHost;

  constructor(private readonly options: AdminBotOptions) {
    this.host = new BotHost({ name: "officials", lockPrefix: options.lockPrefix ?? "estu:admin-lock", ...options });
    this.host.bot.use((ctx) => this.handle(ctx));
  }

  /** `https://t.me/<bot>?start=<code>`: the invite link, once the bot is started. */
  inviteLink(code: string): string {
    return `https://t.me/${this.host.username}?start=${code}`;
  }

  private async handle(ctx: Context): Promise<void> {
    if (ctx.callbackQuery) await this.host.answerCallbackQuery(ctx);
    const input = toAdminInput(ctx.update, new Date());
    const chatId = ctx.chatId;
    if (!input || chatId === undefined) return;
    await this.host.serialize(input.officialId, async () => {
      const replies = await this.options.console.handle(input);
      const pressed = ctx.callbackQuery?.message?.message_id;
      for (const [index, reply] of replies.entries()) {
        const edited = index === 0 && reply.screen === true && pressed !== undefined && (await this.replaceScreen(ctx, chatId, pressed, reply));
        if (!edited) await this.send(ctx, chatId, reply);
      }
    });
  }

  /** Edits the message whose button was pressed; false when it cannot be (too long, deleted, too old). */
  private async replaceScreen(ctx: Context, chatId: number, messageId: number, reply: AdminReply): Promise<boolean> {
    const parts = toSendParams(reply, { removeReplyKeyboard: false });
    const [only] = parts;
    if (parts.length !== 1 || !only || (reply.attachments?.length ?? 0) > 0) return false;
    const markup = only.other.reply_markup;
    try {
      await ctx.api.editMessageText(chatId, messageId, only.text, {
        link_preview_options: only.other.link_preview_options,
        ...(markup && "inline_keyboard" in markup ? { reply_markup: markup } : {}),
      });
      return true;
    } catch (error) {
      // Pressing the same button twice leaves the screen as it is: Telegram calls that an error, it is not one.
      return describeError(error)["description"]?.toString().includes("message is not modified") ?? false;
    }
  }

  private async send(ctx: Context, chatId: number, reply: AdminReply): Promise<void> {
    for (const params of toSendParams(reply, { removeReplyKeyboard: false })) await ctx.api.sendMessage(chatId, params.text, params.other);
    for (const attachment of reply.attachments ?? []) {
      try {
        await sendFile(ctx.api, chatId, attachment.kind, await this.options.media.open(attachment));
      } catch (error) {
        this.options.log.warn({ bot: "officials", channel: attachment.channel, error: describeError(error) }, "a file could not be shown to an official");
        if (reply.unavailable) await ctx.api.sendMessage(chatId, reply.unavailable);
      }
    }
  }
}

/** An update of a private chat with the admin bot as the console's input; undefined for anything else. */
export function toAdminInput(update: Update, receivedAt: Date): AdminInput | undefined {
  const query = update.callback_query;
  if (query) {
    const chat = query.message?.chat;
    if (!chat || chat.type !== "private" || query.data === undefined) return undefined;
    return input(`telegram-admin:${chat.id}:cb:${query.id}`, query.from, receivedAt, { type: "button", data: query.data });
  }
  const message = update.message;
  if (!message || message.chat.type !== "private" || !message.from) return undefined;
  return input(`telegram-admin:${message.chat.id}:${message.message_id}`, message.from, receivedAt, eventOf(message));
}

function eventOf(message: Message): AdminEvent {
  const text = message.text;
  if (text !== undefined) {
    const command = /^\/([A-Za-z_]+)(?:@\w+)?(?:\s+([\s\S]*))?$/.exec(text.trim());
    return command ? { type: "command", name: (command[1] ?? "").toLowerCase(), argument: (command[2] ?? "").trim() } : { type: "text", text };
  }
  // A sticker is also a file to Telegram, and an animation fills `document`: neither is a document.
  if (message.sticker || message.animation || message.video_note) return { type: "unsupported" };
  const attachment = attachmentOf(message, adminFilesChannel);
  return attachment ? { type: "media", attachment, caption: message.caption } : { type: "unsupported" };
}

function input(key: string, from: Readonly<{ id: number; first_name: string; last_name?: string; language_code?: string }>, receivedAt: Date, event: AdminEvent): AdminInput {
  return {
    key,
    officialId: `telegram:${from.id}`,
    displayName: [from.first_name, from.last_name].filter(Boolean).join(" "),
    languageHint: from.language_code,
    receivedAt,
    event,
  };
}
