// A fast local stand-in for the Telegram Bot API, for benchmarks: long-polled getUpdates
// (updates kept until an offset confirms them), sendMessage recorded with the time it
// arrived, every other method answered `true`. Unlike test/support/fake-bot-api.ts it
// keeps no call log to search, so thousands of chats cost little.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

type Update = Readonly<{ update_id: number; message: Readonly<Record<string, unknown>> }>;

/** Replies to one chat: when each sendMessage arrived (performance.now()). */
export type ChatReplies = number[];

export class BotApiEmulator {
  private updates: Update[] = [];
  private nextUpdateId = 1;
  private nextMessageId = 1;
  private waiting: (() => void)[] = [];
  private pollListeners: ((at: number) => void)[] = [];
  readonly replies = new Map<number, ChatReplies>();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<BotApiEmulator> {
    const server = createServer();
    const emulator = new BotApiEmulator(server);
    server.keepAliveTimeout = 60_000;
    server.on("request", (request: IncomingMessage, response: ServerResponse) => void emulator.serve(request, response));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return emulator;
  }

  get apiRoot(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Resolves with the time of the next getUpdates: a bot started after this call is polling, so it is ready. */
  nextPoll(): Promise<number> {
    return new Promise((resolve) => this.pollListeners.push(resolve));
  }

  /** Queues a private text message from `chatId`; returns when it was injected. */
  inject(chatId: number, text: string): number {
    const command = text.startsWith("/") ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? text.length }] : undefined;
    const from = { id: chatId, is_bot: false, first_name: `Bench ${chatId}`, language_code: "ru" };
    this.updates.push({
      update_id: this.nextUpdateId++,
      message: { message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private", first_name: from.first_name }, from, text, ...(command ? { entities: command } : {}) },
    });
    for (const wake of this.waiting.splice(0)) wake();
    return performance.now();
  }

  /** Forgets every reply and pending update (between runs). */
  reset(): void {
    this.replies.clear();
    this.updates = [];
  }

  async close(): Promise<void> {
    for (const wake of this.waiting.splice(0)) wake();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const payload = (raw.startsWith("{") ? JSON.parse(raw) : {}) as Record<string, unknown>;
    const method = (request.url ?? "").split("/").pop() ?? "";
    const answer = (result: unknown) => {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ ok: true, result }));
    };
    switch (method) {
      case "getMe":
        return answer({ id: 700_000, is_bot: true, first_name: "Estu bench", username: "estu_bench_bot" });
      case "getUpdates":
        return answer(await this.poll(payload));
      case "sendMessage": {
        const chatId = Number(payload["chat_id"]);
        const at = performance.now();
        const list = this.replies.get(chatId) ?? [];
        list.push(at);
        this.replies.set(chatId, list);
        return answer({ message_id: this.nextMessageId++, date: Math.floor(Date.now() / 1000), chat: { id: chatId, type: "private" }, text: payload["text"] });
      }
      default:
        return answer(true);
    }
  }

  private async poll(payload: Record<string, unknown>): Promise<Update[]> {
    const now = performance.now();
    for (const listener of this.pollListeners.splice(0)) listener(now);
    const offset = Number(payload["offset"] ?? 0);
    const limit = Number(payload["limit"] ?? 100);
    const timeoutMs = Math.min(Number(payload["timeout"] ?? 0), 1) * 1000;
    if (offset > 0) this.updates = this.updates.filter((update) => update.update_id >= offset);
    if (this.updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.updates.slice(0, limit);
  }
}
