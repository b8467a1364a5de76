// Webhook mode: with TELEGRAM_WEBHOOK_URL set, both bots register their webhook (with a
// secret) instead of polling, and Estu's HTTP server takes the updates Telegram posts.
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { webhookSecret } from "../../src/adapters/telegram/bot-host.js";
import { loadConfig } from "../../src/config.js";
import { freePort } from "../../src/embedded/free-port.js";
import { createLogger } from "../../src/logger.js";
import { startEstu, type Estu } from "../../src/runtime/start-estu.js";
import { FakeBotApi, type FakeBot } from "../support/fake-bot-api.js";
import { mongoUri, redisUrl, uniqueName } from "../support/services.js";

let fake: FakeBotApi;
let adminBot: FakeBot;
let estu: Estu;
let base: string;

beforeAll(async () => {
  fake = await FakeBotApi.start();
  adminBot = fake.addBot(800_001, "estu_admin_webhook_bot");
  const port = await freePort();
  base = `http://127.0.0.1:${port}/telegram`;
  const config = loadConfig({
    MONGODB_URI: mongoUri(),
    MONGODB_DB: uniqueName("webhook"),
    REDIS_URL: redisUrl(),
    TELEGRAM_BOT_TOKEN: fake.main.token,
    TELEGRAM_ADMIN_BOT_TOKEN: adminBot.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    TELEGRAM_WEBHOOK_URL: `${base}/`,
    ESTU_HTTP_PORT: String(port),
    ESTU_REDIS_PREFIX: uniqueName("webhook"),
    ESTU_DASHBOARD_PASSWORD: "dashboard-secret-1",
  });
  estu = await startEstu(config, createLogger("silent"));
});

afterAll(async () => {
  await estu?.stop();
  await fake?.close();
});

const start = (chatId: number, updateId: number) => ({
  update_id: updateId,
  message: { message_id: 1, date: Math.floor(Date.now() / 1_000), chat: { id: chatId, type: "private", first_name: "Citizen" }, from: { id: chatId, is_bot: false, first_name: "Citizen", language_code: "ru" }, text: "/start" },
});

function post(path: string, body: unknown, secret?: string): Promise<Response> {
  return fetch(`${base}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
    body: JSON.stringify(body),
  });
}

describe("Telegram webhook mode", () => {
  it("registers each bot's webhook with a secret and never polls", () => {
    expect(fake.main.callsOf("setWebhook")).toEqual([
      { url: `${base}/citizens`, secret_token: webhookSecret(fake.main.token), allowed_updates: ["message", "edited_message", "callback_query"] },
    ]);
    expect(adminBot.callsOf("setWebhook")).toEqual([
      { url: `${base}/officials`, secret_token: webhookSecret(adminBot.token), allowed_updates: ["message", "edited_message", "callback_query"] },
    ]);
    expect(fake.main.callsOf("getUpdates")).toEqual([]);
    expect(adminBot.callsOf("getUpdates")).toEqual([]);
  });

  it("refuses an update without the secret and handles nothing", async () => {
    const response = await post("citizens", start(9_001, 1));
    expect(response.status).toBe(401);
    expect(fake.main.callsOf("sendMessage", 9_001)).toEqual([]);
  });

  it("answers a posted update after handling it, and its redelivery with the same answer (the first may not have gone out)", async () => {
    const secret = webhookSecret(fake.main.token);
    const first = await post("citizens", start(9_002, 2), secret);
    expect(first.status).toBe(200);
    const greeting = fake.main.callsOf("sendMessage", 9_002);
    expect(greeting.length).toBeGreaterThan(0);
    expect(String(greeting[0]?.["text"])).toContain("Здравствуйте");
    const again = await post("citizens", start(9_002, 2), secret);
    expect(again.status).toBe(200);
    expect(fake.main.callsOf("sendMessage", 9_002).slice(greeting.length).map((call) => call["text"])).toEqual(greeting.map((call) => call["text"]));
  });

  it("routes the officials' bot by its own path and secret", async () => {
    const response = await post("officials", start(9_003, 3), webhookSecret(adminBot.token));
    expect(response.status).toBe(200);
    expect(String(adminBot.callsOf("sendMessage", 9_003)[0]?.["text"])).toBe(
      "Это бот для сотрудников государственных органов. Чтобы начать, отправьте /start и код приглашения, который Вам выдал администратор.",
    );
    const wrongSecret = await post("officials", start(9_004, 4), webhookSecret(fake.main.token));
    expect(wrongSecret.status).toBe(401);
  });

  it("shows the queues in the dashboard behind basic auth", async () => {
    const root = base.replace(/\/telegram$/, "");
    expect((await fetch(`${root}/admin/queues`)).status).toBe(401);
    const auth = { authorization: `Basic ${Buffer.from("estu:dashboard-secret-1").toString("base64")}` };
    const page = await fetch(`${root}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("<div id=\"root\"");
    const api = (await (await fetch(`${root}/admin/queues/api/queues`, { headers: auth })).json()) as { queues: { name: string }[] };
    expect(api.queues.map((queue) => queue.name).sort()).toEqual(["deadlines", "deliveries", "official-alerts"]);
  });

  it("answers a request target that is not a URL with 400 and keeps serving", async () => {
    const { port } = new URL(base);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), "127.0.0.1", () => socket.end("GET http://[/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
      let text = "";
      socket.on("data", (chunk: Buffer) => (text += chunk.toString("utf8")));
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(answer.split("\r\n")[0]).toBe("HTTP/1.1 400 Bad Request");
    expect((await fetch(`${base.replace(/\/telegram$/, "")}/health`)).status).toBe(200);
  });
});
