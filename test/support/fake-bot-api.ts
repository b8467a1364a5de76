// A local stand-in for the Telegram Bot API: enough of it for Estu's two bots and the
// sender, pointed at through grammY's `apiRoot`. Each bot (token) has its own updates,
// files and recorded calls. Updates are kept until a getUpdates offset confirms them,
// as Telegram does; uploads (multipart) are read like Telegram reads them.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

/** One call a bot made, with its payload (an uploaded file as its name and bytes). */
export type RecordedCall = Readonly<{ method: string; payload: Readonly<Record<string, unknown>> }>;

/** The refusal a test makes the next send to a chat receive. */
export type Refusal = Readonly<{ error_code: number; description: string; parameters?: Readonly<{ retry_after: number }> }>;

/** An uploaded file as the fake received it. */
export type Upload = Readonly<{ fileName: string; bytes: Buffer }>;

type ApiAnswer = Readonly<{ status: number; body: unknown }>;

/** A long poll is held at most this long: short, so a stopping bot is never kept waiting. */
const pollCapMs = 1_000;
const sendMethods = ["sendMessage", "sendPhoto", "sendDocument", "sendVoice", "sendAudio", "sendVideo"];
const uploadFields = ["photo", "document", "voice", "audio", "video"];

/** One bot's side of the fake: its token, its pending updates, its files and the calls it made. */
export class FakeBot {
  readonly token: string;
  readonly calls: RecordedCall[] = [];
  readonly user: Readonly<{ id: number; is_bot: true; first_name: string; username: string }>;
  readonly updates: Update[] = [];
  readonly files = new Map<string, Readonly<{ path: string; bytes: Buffer }>>();
  private readonly refusals = new Map<number, Refusal[]>();
  private nextUpdateId = 1;
  private nextFileId = 1;

  constructor(
    id: number,
    username: string,
    private readonly server: FakeBotApi,
  ) {
    this.user = { id, is_bot: true, first_name: username, username };
    this.token = `${id}:TEST-fake-token-for-${username}`;
  }

  /** Queues an update for getUpdates, numbered as Telegram would; returns its update_id. */
  push(update: Omit<Update, "update_id">): number {
    const updateId = this.nextUpdateId++;
    this.updates.push({ ...update, update_id: updateId });
    this.server.notify();
    return updateId;
  }

  /** Makes the next send to `chatId` fail with `refusal`. */
  refuseNextSend(chatId: number, refusal: Refusal): void {
    this.refusals.set(chatId, [...(this.refusals.get(chatId) ?? []), refusal]);
  }

  takeRefusal(chatId: number): Refusal | undefined {
    return this.refusals.get(chatId)?.shift();
  }

  /** Keeps a file as if a user had sent it to this bot; returns its file_id. */
  storeFile(bytes: Buffer, extension: string): string {
    const fileId = `file-${this.user.id}-${this.nextFileId++}`;
    this.files.set(fileId, { path: `files/${fileId}.${extension}`, bytes });
    return fileId;
  }

  /** The payloads of the calls of `method` so far, optionally only those to one chat. */
  callsOf(method: string, chatId?: number): Readonly<Record<string, unknown>>[] {
    return this.calls.filter((call) => call.method === method && (chatId === undefined || Number(call.payload["chat_id"]) === chatId)).map((call) => call.payload);
  }

  /** See FakeBotApi.waitFor. */
  waitFor<T>(what: string, find: () => T | undefined, timeoutMs?: number): Promise<T> {
    return this.server.waitFor(what, find, timeoutMs);
  }

  /** Every message (text or file) sent to `chatId`, in order, as its method and payload. */
  sentTo(chatId: number): RecordedCall[] {
    return this.calls.filter((call) => sendMethods.includes(call.method) && Number(call.payload["chat_id"]) === chatId);
  }
}

/** The fake server: start it, point the bots at `apiRoot`, push updates, read `calls`. The first bot is the default. */
export class FakeBotApi {
  private readonly bots: FakeBot[] = [];
  private readonly listeners = new Set<() => void>();
  private nextMessageId = 1;
  /** The bot the shorthand methods below act on. */
  readonly main: FakeBot;

  private constructor(private readonly server: Server) {
    this.main = this.addBot(700_000, "estu_test_bot");
  }

  /** Starts the server on a free local port. */
  static async start(): Promise<FakeBotApi> {
    const server = createServer();
    const api = new FakeBotApi(server);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => void api.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return api;
  }

  /** Another bot on the same server (Estu's admin bot beside the citizens' one). */
  addBot(id: number, username: string): FakeBot {
    const bot = new FakeBot(id, username, this);
    this.bots.push(bot);
    return bot;
  }

  /** What to give grammY as `apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get token(): string {
    return this.main.token;
  }

  get calls(): RecordedCall[] {
    return this.main.calls;
  }

  push(update: Omit<Update, "update_id">): number {
    return this.main.push(update);
  }

  refuseNextSend(chatId: number, refusal: Refusal): void {
    this.main.refuseNextSend(chatId, refusal);
  }

  callsOf(method: string, chatId?: number): Readonly<Record<string, unknown>>[] {
    return this.main.callsOf(method, chatId);
  }

  /** Resolves with `find`'s first defined result, re-checked after every call; fails after `timeoutMs`. */
  async waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 15_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined) return found;
      if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
      await this.change(deadline - Date.now());
    }
  }

  /** Stops the server, cutting any long poll still open. */
  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = request.url ?? "";
    const download = /^\/file\/bot([^/]+)\/(.+)$/.exec(url);
    if (download) return this.download(download[1] ?? "", download[2] ?? "", response);
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(url);
    const bot = this.bots.find((candidate) => candidate.token === match?.[1]);
    const payload = await readPayload(request);
    const answer = !bot
      ? refusal({ error_code: 401, description: "Unauthorized" })
      : payload === undefined
        ? refusal({ error_code: 400, description: "Bad Request: the fake Bot API reads JSON and multipart bodies only" })
        : await this.answer(bot, match?.[2] ?? "", payload, response);
    // A poll the bot gave up on (it is stopping) has nobody left to answer.
    if (!response.destroyed) response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  }

  private async answer(bot: FakeBot, method: string, payload: Record<string, unknown>, response: ServerResponse): Promise<ApiAnswer> {
    bot.calls.push({ method, payload });
    this.notify();
    if (sendMethods.includes(method)) return this.send(bot, payload);
    switch (method) {
      case "getMe":
        return ok({ ...bot.user, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case "deleteWebhook":
      case "setWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "getUpdates":
        return ok(await this.updatesFrom(bot, payload, response));
      case "editMessageText":
        return ok({ message_id: Number(payload["message_id"]), date: now(), chat: { id: Number(payload["chat_id"]), type: "private" }, text: payload["text"] });
      case "getFile": {
        const file = bot.files.get(String(payload["file_id"]));
        if (!file) return refusal({ error_code: 400, description: "Bad Request: invalid file_id" });
        return ok({ file_id: payload["file_id"], file_unique_id: `u-${String(payload["file_id"])}`, file_size: file.bytes.length, file_path: file.path });
      }
      default:
        return refusal({ error_code: 404, description: "Not Found: method not found" });
    }
  }

  /** Drops what the offset confirms; answers at once when updates wait, else holds the poll briefly. */
  private async updatesFrom(bot: FakeBot, payload: Record<string, unknown>, response: ServerResponse): Promise<Update[]> {
    const offset = Number(payload["offset"] ?? 0);
    while (bot.updates.length > 0 && (bot.updates[0]?.update_id ?? 0) < offset) bot.updates.shift();
    const waitMs = Math.min(Number(payload["timeout"] ?? 0) * 1_000, pollCapMs);
    const deadline = Date.now() + waitMs;
    while (bot.updates.length === 0 && Date.now() < deadline && !response.destroyed) await this.change(deadline - Date.now());
    return bot.updates.slice(0, Number(payload["limit"] ?? 100));
  }

  private send(bot: FakeBot, payload: Record<string, unknown>): ApiAnswer {
    const chatId = Number(payload["chat_id"]);
    const refused = bot.takeRefusal(chatId);
    if (refused) return refusal(refused);
    return ok({ message_id: this.nextMessageId++, date: now(), chat: { id: chatId, type: "private" }, ...(typeof payload["text"] === "string" ? { text: payload["text"] } : {}) });
  }

  private download(token: string, path: string, response: ServerResponse): void {
    const files = this.bots.find((bot) => bot.token === token)?.files ?? new Map<string, Readonly<{ path: string; bytes: Buffer }>>();
    const file = [...files.values()].find((candidate) => candidate.path === path);
    if (!file) response.writeHead(404).end();
    else response.writeHead(200, { "content-type": "application/octet-stream" }).end(file.bytes);
  }

  private change(timeoutMs: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.listeners.delete(done);
        resolve();
      };
      const timer = setTimeout(done, Math.max(timeoutMs, 0));
      this.listeners.add(done);
    });
  }

  /** Wakes whoever waits for a change. */
  notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function now(): number {
  return Math.floor(Date.now() / 1_000);
}

function ok(result: unknown): ApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

function refusal(refused: Refusal): ApiAnswer {
  return { status: refused.error_code, body: { ok: false, ...refused } };
}

/** grammY posts JSON, or multipart when it uploads a file; anything else is undefined. */
async function readPayload(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const type = request.headers["content-type"] ?? "";
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  if (type.startsWith("multipart/form-data")) return readMultipart(body, /boundary=(?:"([^"]+)"|([^;]+))/.exec(type)?.slice(1).find(Boolean) ?? "");
  const text = body.toString("utf8");
  if (text === "") return {};
  return type.startsWith("application/json") ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

/** The fields of a multipart body; a file part becomes an Upload, and `attach://<name>` references are resolved. */
function readMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const payload: Record<string, unknown> = {};
  const delimiter = Buffer.from(`--${boundary}`);
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const name = /name="([^"]*)"/.exec(headers)?.[1] ?? "";
    const fileName = /filename="?([^";\r\n]*)"?/.exec(headers)?.[1];
    payload[name] = fileName === undefined ? parseField(content.toString("utf8")) : ({ fileName, bytes: Buffer.from(content) } satisfies Upload);
    start = next;
  }
  // grammY names the file part and refers to it as attach://<name> in the field.
  for (const field of uploadFields) {
    const reference = payload[field];
    if (typeof reference === "string" && reference.startsWith("attach://")) payload[field] = payload[reference.slice("attach://".length)];
  }
  return payload;
}

function parseField(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}
