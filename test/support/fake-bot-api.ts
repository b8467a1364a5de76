// A local stand-in for the Telegram Bot API: enough of it for the citizens' bot and the
// sender, pointed at through grammY's `apiRoot`. Updates are kept until a getUpdates
// offset confirms them, as Telegram does; every call is recorded for the test to read.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Update } from "grammy/types";

/** One call the bot made, with its JSON payload. */
export type RecordedCall = Readonly<{ method: string; payload: Readonly<Record<string, unknown>> }>;

/** The refusal a test makes the next sendMessage to a chat receive. */
export type Refusal = Readonly<{ error_code: number; description: string; parameters?: Readonly<{ retry_after: number }> }>;

type ApiAnswer = Readonly<{ status: number; body: unknown }>;

/** A long poll is held at most this long: short, so a stopping bot is never kept waiting. */
const pollCapMs = 1_000;
const botUser = { id: 700_000, is_bot: true, first_name: "Estu", username: "estu_test_bot" };

/** The fake server: start it, point the bot at `apiRoot`, push updates, read `calls`. */
export class FakeBotApi {
  readonly token = `${botUser.id}:TEST-fake-token-for-estu-e2e`;
  readonly calls: RecordedCall[] = [];
  private readonly updates: Update[] = [];
  private readonly refusals = new Map<number, Refusal[]>();
  private readonly listeners = new Set<() => void>();
  private nextUpdateId = 1;
  private nextMessageId = 1;

  private constructor(private readonly server: Server) {}

  /** Starts the server on a free local port. */
  static async start(): Promise<FakeBotApi> {
    const server = createServer();
    const api = new FakeBotApi(server);
    server.on("request", (request: IncomingMessage, response: ServerResponse) => void api.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return api;
  }

  /** What to give grammY as `apiRoot`. */
  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Queues an update for getUpdates, numbered as Telegram would; returns its update_id. */
  push(update: Omit<Update, "update_id">): number {
    const updateId = this.nextUpdateId++;
    this.updates.push({ ...update, update_id: updateId });
    this.notify();
    return updateId;
  }

  /** Makes the next sendMessage to `chatId` fail with `refusal`. */
  refuseNextSend(chatId: number, refusal: Refusal): void {
    this.refusals.set(chatId, [...(this.refusals.get(chatId) ?? []), refusal]);
  }

  /** The payloads of the calls of `method` so far, optionally only those to one chat. */
  callsOf(method: string, chatId?: number): Readonly<Record<string, unknown>>[] {
    return this.calls.filter((call) => call.method === method && (chatId === undefined || call.payload["chat_id"] === chatId)).map((call) => call.payload);
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
    const match = /^\/bot([^/]+)\/(\w+)$/.exec(request.url ?? "");
    const payload = await readJson(request);
    const answer =
      match?.[1] !== this.token
        ? refusal({ error_code: 401, description: "Unauthorized" })
        : payload === undefined
          ? refusal({ error_code: 400, description: "Bad Request: the fake Bot API reads JSON bodies only" })
          : await this.answer(match[2] ?? "", payload, response);
    // A poll the bot gave up on (it is stopping) has nobody left to answer.
    if (!response.destroyed) response.writeHead(answer.status, { "content-type": "application/json" }).end(JSON.stringify(answer.body));
  }

  private async answer(method: string, payload: Record<string, unknown>, response: ServerResponse): Promise<ApiAnswer> {
    this.calls.push({ method, payload });
    this.notify();
    switch (method) {
      case "getMe":
        return ok({ ...botUser, can_join_groups: false, can_read_all_group_messages: false, supports_inline_queries: false });
      case "deleteWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "getUpdates":
        return ok(await this.updatesFrom(payload, response));
      case "sendMessage":
        return this.sendMessage(payload);
      default:
        return refusal({ error_code: 404, description: "Not Found: method not found" });
    }
  }

  /** Drops what the offset confirms; answers at once when updates wait, else holds the poll briefly. */
  private async updatesFrom(payload: Record<string, unknown>, response: ServerResponse): Promise<Update[]> {
    const offset = Number(payload["offset"] ?? 0);
    while (this.updates.length > 0 && (this.updates[0]?.update_id ?? 0) < offset) this.updates.shift();
    const waitMs = Math.min(Number(payload["timeout"] ?? 0) * 1_000, pollCapMs);
    const deadline = Date.now() + waitMs;
    while (this.updates.length === 0 && Date.now() < deadline && !response.destroyed) await this.change(deadline - Date.now());
    return this.updates.slice(0, Number(payload["limit"] ?? 100));
  }

  private sendMessage(payload: Record<string, unknown>): ApiAnswer {
    const chatId = Number(payload["chat_id"]);
    const refused = this.refusals.get(chatId)?.shift();
    if (refused) return refusal(refused);
    const message = { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1_000), chat: { id: chatId, type: "private" }, text: payload["text"] };
    return ok(message);
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

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function ok(result: unknown): ApiAnswer {
  return { status: 200, body: { ok: true, result } };
}

function refusal(refused: Refusal): ApiAnswer {
  return { status: refused.error_code, body: { ok: false, ...refused } };
}

/** grammY posts JSON unless it uploads a file, which the bot never does; anything else is undefined. */
async function readJson(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (body === "") return {};
  return (request.headers["content-type"] ?? "").startsWith("application/json") ? (JSON.parse(body) as Record<string, unknown>) : undefined;
}
