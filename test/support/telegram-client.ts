// A Telegram user as the e2e tests drive them: every message and button press becomes
// an update on one bot of the fake Bot API server, and what the bot sent back is read
// from the calls it made.
import type { Message, Update, User } from "grammy/types";
import type { FakeBot } from "./fake-bot-api.js";

/** The payload of a message the bot sent or edited, as the user would see it now. */
export type Shown = Readonly<{ method: string; text: string; buttons: readonly string[]; payload: Readonly<Record<string, unknown>> }>;

export class TelegramClient {
  private messageId = 0;
  private queryId = 0;
  readonly pressed: string[] = [];

  /** `botOf` is read at each use, so clients can be made before the fake server starts. */
  constructor(
    private readonly botOf: () => FakeBot,
    readonly chatId: number,
    readonly language: "kk" | "ru",
    private readonly sentAt: () => number = () => Math.floor(Date.now() / 1_000),
    private readonly name = "Citizen",
  ) {}

  get user(): User {
    const [first_name = "", last_name] = this.name.split(" ");
    return { id: this.chatId, is_bot: false, first_name, ...(last_name ? { last_name } : {}), language_code: this.language };
  }

  /** The update of a new message, without pushing it (to deliver it twice). */
  message(content: Partial<Message>): Omit<Update, "update_id"> {
    this.messageId += 1;
    const message = { message_id: this.messageId, date: this.sentAt(), chat: { id: this.chatId, type: "private", first_name: this.user.first_name }, from: this.user, ...content };
    return { message: message as NonNullable<Update["message"]> };
  }

  /** The update of a press on an inline button carrying `data`, on the message `messageId`. */
  press(data: string, messageId = 1): Omit<Update, "update_id"> {
    this.queryId += 1;
    this.pressed.push(data);
    const message = { message_id: messageId, date: this.sentAt(), chat: { id: this.chatId, type: "private", first_name: this.user.first_name }, text: "…" } as Message;
    return { callback_query: { id: `${this.chatId}-${this.queryId}`, from: this.user, chat_instance: `ci-${this.chatId}`, data, message } };
  }

  send(...updates: Omit<Update, "update_id">[]): void {
    for (const update of updates) this.botOf().push(update);
  }

  /** The texts sent to this chat with sendMessage, in order. */
  sent(): Readonly<Record<string, unknown>>[] {
    return this.botOf().callsOf("sendMessage", this.chatId);
  }

  /** Every message sent or edited in this chat, in order. */
  shown(): Shown[] {
    return this.botOf().calls
      .filter((call) => Number(call.payload["chat_id"]) === this.chatId && (call.method.startsWith("send") || call.method === "editMessageText"))
      .map((call) => ({ method: call.method, text: String(call.payload["text"] ?? ""), buttons: inlineIds([call.payload]), payload: call.payload }));
  }

  /** Waits for a message to this chat, after the first `skip` ones, whose text passes `test`. */
  waitForText(what: string, test: (text: string) => boolean, skip = 0): Promise<string> {
    return this.botOf().waitFor(what, () => this.sent().slice(skip).map((payload) => String(payload["text"])).find(test));
  }

  /** Waits for a message sent or edited after the first `skip` shown, whose text passes `test`. */
  waitForShown(what: string, test: (shown: Shown) => boolean, skip = 0): Promise<Shown> {
    return this.botOf().waitFor(what, () => this.shown().slice(skip).find(test));
  }
}

/** The callback data of the inline buttons on these messages. */
export const inlineIds = (payloads: readonly Readonly<Record<string, unknown>>[]): string[] =>
  payloads.flatMap((payload) => ((payload["reply_markup"] as { inline_keyboard?: { callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((button) => button.callback_data));

export const sticker = { sticker: { file_id: "sticker-1", file_unique_id: "s1", type: "regular", width: 512, height: 512, is_animated: false, is_video: false } } as Partial<Message>;

/**
 * A whole appeal about hot water in Almaly district of Almaty as the citizen's updates,
 * to be pushed all at once: the bot must keep each chat's order. `photoId` is the photo's file id.
 */
export function appealUpdates(client: TelegramClient, photoId = `photo-${client.chatId}`): Omit<Update, "update_id">[] {
  const kk = client.language === "kk";
  const photo = [
    { file_id: `thumb-${client.chatId}`, file_unique_id: "t", width: 90, height: 68, file_size: 1_200 },
    { file_id: photoId, file_unique_id: "p", width: 1_280, height: 960, file_size: 180_000 },
  ];
  return [
    client.message({ text: "/start" }),
    client.press(client.language),
    client.message(sticker),
    ...["agree", "new_appeal"].map((data) => client.press(data)),
    client.message({ text: kk ? "Үйімізде үш күннен бері ыстық су жоқ, Абай 10." : "В доме третий день нет горячей воды, Абая 10." }),
    client.message({ photo }),
    // A map point goes with the files, optional: the Kazakh citizen shares one.
    ...(kk ? [client.message({ location: { latitude: 43.2389, longitude: 76.8897 } })] : []),
    ...["done", "complaint", "utilities", "almaty_city", "almaly"].map((data) => client.press(data)),
    client.message({ text: kk ? "Серікова Айгүл" : "Петров Иван" }),
    client.message({ text: "900101400003" }),
    client.message({ contact: { phone_number: "77011234567", first_name: "Citizen", user_id: client.chatId } }),
    client.message({ text: kk ? "Алматы, Абай даңғылы 10, 5-пәтер" : "Алматы, пр. Абая 10, кв. 5" }),
    client.press("confirm"),
  ];
}
