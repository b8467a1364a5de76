// The whole loop end to end: the real application (`startEstu`, as `npm start` runs it)
// against a local fake Bot API server serving both bots, on the real MongoDB-wire
// server and Redis. Citizens file appeals; officials invited through the CLI onboard in
// the admin bot, take, answer, ask, extend, forward and reject; every decision reaches
// the citizen through the deliveries queue, in the citizen's language.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig, type Config } from "../../src/config.js";
import { addWorkingDaysAfter } from "../support/dates.js";
import { localDateOf } from "../../src/core/calendar/local-date.js";
import { freePort } from "../../src/embedded/free-port.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { createLogger } from "../../src/logger.js";
import { startEstu, type Estu } from "../../src/runtime/start-estu.js";
import { FakeBotApi, type FakeBot, type Upload } from "../support/fake-bot-api.js";
import { mongoUri, redisUrl, uniqueName } from "../support/services.js";
import { appealUpdates, TelegramClient, type Shown } from "../support/telegram-client.js";

const run = promisify(execFile);
const energy = "almaty_energy_department";
const transport = "almaty_transport_department";

let fake: FakeBotApi;
let adminBot: FakeBot;
let config: Config;
let estu: Estu;
const environment: Record<string, string> = {};

beforeAll(async () => {
  fake = await FakeBotApi.start();
  adminBot = fake.addBot(800_000, "estu_admin_test_bot");
  Object.assign(environment, {
    MONGODB_URI: mongoUri(),
    MONGODB_DB: uniqueName("loop"),
    REDIS_URL: redisUrl(),
    TELEGRAM_BOT_TOKEN: fake.main.token,
    TELEGRAM_ADMIN_BOT_TOKEN: adminBot.token,
    TELEGRAM_API_ROOT: fake.apiRoot,
    ESTU_REDIS_PREFIX: uniqueName("loop"),
    ESTU_HTTP_PORT: String(await freePort()),
    LOG_LEVEL: "silent",
  });
  config = loadConfig(environment);
  estu = await startEstu(config, createLogger("silent"));
});

afterAll(async () => {
  await estu?.stop();
  await fake?.close();
});

/** `npm run cli -- invite ...` as an operator runs it, against the same database; returns the code. */
async function cliInvite(agency: string, role: string): Promise<{ code: string; output: string }> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/operator-cli.ts", "invite", "--agency", agency, "--role", role], {
    cwd: projectRoot,
    env: { ...process.env, ...environment, LOG_LEVEL: "warn" },
  });
  const code = /Invite code: ([A-Z0-9]{12})/.exec(stdout)?.[1];
  if (!code) throw new Error(`the CLI printed no code:\n${stdout}`);
  return { code, output: stdout };
}

/** Officials' alerts (an appeal arrived, a deadline nears, a citizen answered a question) come whenever the queue sends them, on a working day at once. */
const isAlert = (shown: Shown) => /^(📥|⏰|💬)/u.test(shown.text);

/** Does something in a chat and waits for what it shows next that passes `test`, alerts aside. */
async function after(client: TelegramClient, what: string, act: () => void, test: (shown: Shown) => boolean): Promise<Shown> {
  const before = client.shown().length;
  act();
  return client.waitForShown(what, (shown) => !isAlert(shown) && test(shown), before);
}

const appeal = (number: string) => estu.runtime.store.appeals.get(number);

describe("officials answer citizens through the admin bot", () => {
  const kazakh = new TelegramClient(() => fake.main, 6_001, "kk");
  const russian = new TelegramClient(() => fake.main, 6_002, "ru");
  const supervisor = new TelegramClient(() => adminBot, 7_001, "ru", undefined, "Асель Нурланова");
  const intruder = new TelegramClient(() => adminBot, 7_002, "ru", undefined, "Someone Else");
  const transportOfficial = new TelegramClient(() => adminBot, 7_003, "kk", undefined, "Ерлан Сапаров");
  const photos = { kk: Buffer.from("JPEG of the Kazakh citizen"), ru: Buffer.from("JPEG of the Russian citizen") };
  let kkNumber = "";
  let ruNumber = "";

  it("files a Kazakh and a Russian appeal, each confirmed with its coupon", async () => {
    kazakh.send(...appealUpdates(kazakh, fake.main.storeFile(photos.kk, "jpg")));
    russian.send(...appealUpdates(russian, fake.main.storeFile(photos.ru, "jpg")));
    const [kkCoupon, ruCoupon] = await Promise.all([
      kazakh.waitForText("the Kazakh coupon", (text) => text.startsWith("✅ Өтінішіңіз тіркелді.")),
      russian.waitForText("the Russian coupon", (text) => text.startsWith("✅ Ваше обращение зарегистрировано.")),
    ]);
    kkNumber = /№ (ALEN-\d{4}-\d{6})/.exec(kkCoupon)?.[1] ?? "";
    ruNumber = /№ (ALEN-\d{4}-\d{6})/.exec(ruCoupon)?.[1] ?? "";
    expect(kkNumber).not.toBe(ruNumber);
    expect(await appeal(kkNumber)).toMatchObject({ agencyId: energy, language: "kk", status: "registered" });
    expect(await appeal(ruNumber)).toMatchObject({ agencyId: energy, language: "ru", status: "registered" });
  });

  it("onboards a supervisor with an invite code from the CLI; the code works once", async () => {
    const { code, output } = await cliInvite(energy, "supervisor");
    expect(output).toContain(`Link: https://t.me/estu_admin_test_bot?start=${code}`);
    const welcome = await after(supervisor, "the welcome", () => supervisor.send(supervisor.message({ text: `/start ${code}` })), (shown) => shown.text.startsWith("Добро пожаловать"));
    expect(welcome.text).toBe(
      "Добро пожаловать, Асель Нурланова! Вы — руководитель, Управление энергетики и водоснабжения города Алматы. Язык работы можно сменить кнопками ниже или командой /language.",
    );
    const inbox = await supervisor.waitForShown("the inbox", (shown) => shown.text.startsWith("Входящие"));
    expect(inbox.text).toContain("Новые: 2");
    expect(inbox.buttons).toEqual(["l:new:0", "l:work:0", "l:wait:0", "l:late:0", "l:done:0"]);

    const refused = await after(intruder, "the refusal", () => intruder.send(intruder.message({ text: `/start ${code.toLowerCase()}` })), () => true);
    expect(refused.text).toBe("Этот код уже использован. Попросите новый у администратора.");
    expect(await estu.runtime.store.officials.get("telegram:7002")).toBeUndefined();
  });

  it("lists the new appeals and shows the Kazakh appeal's card, as written, with the citizen's photo", async () => {
    const list = await after(supervisor, "the list", () => supervisor.send(supervisor.press("l:new:0", 50)), (shown) => shown.method === "editMessageText");
    expect(list.buttons).toEqual(expect.arrayContaining([`c:${kkNumber}`, `c:${ruNumber}`, "m"]));
    const card = await after(supervisor, "the card", () => supervisor.send(supervisor.press(`c:${kkNumber}`, 50)), (shown) => shown.text.startsWith(`№ ${kkNumber}`));
    expect(card.text).toContain("Язык обращения: казахский");
    expect(card.text).toContain("Үйімізде үш күннен бері ыстық су жоқ, Абай 10.");
    expect(card.text).toContain("Заявитель: Серікова Айгүл, ИИН 900101400003\nТелефон: +77011234567");
    expect(card.text).toContain("Геолокация: https://www.openstreetmap.org/?mlat=43.23890&mlon=76.88970#map=17/43.23890/76.88970");
    expect(card.buttons).toEqual([`d:take:${kkNumber}`, `d:answer:${kkNumber}`, `d:clarify:${kkNumber}`, `d:forward:${kkNumber}`, `d:reject:${kkNumber}`, `d:reassign:${kkNumber}`, `f:${kkNumber}`, "m"]);

    const before = adminBot.sentTo(7_001).length;
    supervisor.send(supervisor.press(`f:${kkNumber}`));
    const photo = await adminBot.waitFor("the photo", () => adminBot.sentTo(7_001).slice(before).find((call) => call.method === "sendPhoto"));
    expect((photo.payload["photo"] as Upload).bytes.equals(photos.kk)).toBe(true);
  });

  it("takes and answers the Kazakh appeal with a file; the citizen hears it in Kazakh with how to contest", async () => {
    const taken = await after(kazakh, "the taken notice", () => supervisor.send(supervisor.press(`d:take:${kkNumber}`)), (shown) => shown.text.includes("қарауға алды"));
    expect(taken.text).toMatch(new RegExp(`^№ ${kkNumber} өтінішіңізді «Алматы қаласы Энергетика және сумен жабдықтау басқармасы» қарауға алды\\. Жауап мерзімі: \\d\\d\\.\\d\\d\\.\\d{4}\\.$`));

    await after(supervisor, "the answer prompt", () => supervisor.send(supervisor.press(`d:answer:${kkNumber}`)), (shown) => shown.text.startsWith("Напишите ответ"));
    const answer = "Құрметті Айгүл Серікқызы, ыстық су 28 қарашада қалпына келтірілді. Кешіріміңізді сұраймыз.";
    await after(supervisor, "the preview", () => supervisor.send(supervisor.message({ text: answer })), (shown) => shown.text.startsWith(`Ответ на обращение № ${kkNumber}`));
    const act = Buffer.from("%PDF act of repair");
    const withFile = await after(
      supervisor,
      "the preview with the file",
      () => supervisor.send(supervisor.message({ document: { file_id: adminBot.storeFile(act, "pdf"), file_unique_id: "act", file_name: "act.pdf", mime_type: "application/pdf" } })),
      (shown) => shown.text.includes("📎 Вложения: 1"),
    );
    expect(withFile.text).toContain("📎 Вложения: 1 — act.pdf");
    expect(withFile.text).not.toContain("⚠");
    expect(withFile.buttons).toEqual(["ok", "x"]);

    const before = fake.main.sentTo(6_001).length;
    const done = await after(supervisor, "the confirmation", () => supervisor.send(supervisor.press("ok")), (shown) => shown.text.startsWith("Ответ на обращение"));
    expect(done.text).toBe(`Ответ на обращение № ${kkNumber} отправлен заявителю.`);
    const text = await kazakh.waitForText("the answer", (sent) => sent.includes("жауап берді"));
    expect(text).toContain(`${answer}\n📎 Жауапқа тіркелген файлдар: act.pdf\n\n`);
    expect(text).toMatch(/дейін «Алматы қаласы Энергетика және сумен жабдықтау басқармасы» арқылы жоғары тұрған органға — «Алматы қаласының әкімдігі» шағым беруге болады \(ӘРПК-нің 91-бабы\)\.$/);
    const delivered = fake.main.sentTo(6_001).slice(before);
    expect(delivered.map((call) => call.method)).toEqual(["sendDocument", "sendMessage"]);
    expect(delivered[0]?.payload["document"]).toMatchObject({ fileName: "act.pdf" });
    expect((delivered[0]?.payload["document"] as Upload).bytes.equals(act)).toBe(true);
    expect(kazakh.shown().at(-1)?.buttons).toEqual([`go:rate:${kkNumber}`]);
    const stored = await appeal(kkNumber);
    expect(stored).toMatchObject({ status: "answered", assignedOfficialId: "telegram:7001" });
  });

  it("asks the Russian citizen for a clarification and gets it back on the card", async () => {
    await after(russian, "the taken notice", () => supervisor.send(supervisor.press(`d:take:${ruNumber}`)), (shown) => shown.text.includes("принято в работу"));
    await after(supervisor, "the question prompt", () => supervisor.send(supervisor.press(`d:clarify:${ruNumber}`)), (shown) => shown.text.startsWith("Напишите вопрос"));
    await after(supervisor, "the preview", () => supervisor.send(supervisor.message({ text: "Уточните, пожалуйста, номер подъезда." })), (shown) => shown.text.startsWith("Вопрос заявителю"));
    const question = await after(russian, "the question", () => supervisor.send(supervisor.press("ok")), (shown) => shown.text.includes("просит уточнить"));
    expect(question.text).toContain("Уточните, пожалуйста, номер подъезда.");
    expect(question.buttons).toEqual([`go:clarify:${ruNumber}`]);

    russian.send(russian.press(`go:clarify:${ruNumber}`));
    await russian.waitForText("the clarify prompt", (text) => text.startsWith("Специалист попросил уточнить"));
    await after(russian, "the thanks", () => russian.send(russian.message({ text: "Подъезд 2." })), (shown) => shown.text.length > 0);
    await expect.poll(async () => (await appeal(ruNumber))?.status).toBe("in_progress");
    const card = await after(supervisor, "the card", () => supervisor.send(supervisor.press(`c:${ruNumber}`)), (shown) => shown.text.startsWith(`№ ${ruNumber}`));
    expect(card.text).toContain("заявитель уточнил · заявитель\n   «Подъезд 2.»");
  });

  it("extends the Russian appeal's term; the citizen sees the new date", async () => {
    const current = await appeal(ruNumber);
    const newDate = addWorkingDaysAfter(estu.runtime.calendar, current?.deadline ?? "2026-12-01", 10);
    const prompt = await after(supervisor, "the date prompt", () => supervisor.send(supervisor.press(`d:extend:${ruNumber}`)), (shown) => shown.text.startsWith("Текущий срок"));
    expect(prompt.text).toContain("не позднее");
    await after(supervisor, "the date refused", () => supervisor.send(supervisor.message({ text: "31.12.2099" })), (shown) => shown.text.startsWith("Продлить можно не более"));
    await after(supervisor, "the reason prompt", () => supervisor.send(supervisor.message({ text: newDate.typed })), (shown) => shown.text.startsWith(`Новый срок: ${newDate.typed}`));
    await after(supervisor, "the preview", () => supervisor.send(supervisor.message({ text: "Нужна проверка на месте с участием подрядчика." })), (shown) => shown.buttons.includes("ok"));
    const notice = await after(russian, "the extension notice", () => supervisor.send(supervisor.press("ok")), (shown) => shown.text.includes("продлён"));
    expect(notice.text).toBe(`Срок рассмотрения обращения № ${ruNumber} продлён до ${newDate.typed}. Причина: Нужна проверка на месте с участием подрядчика.`);
    expect(await appeal(ruNumber)).toMatchObject({ status: "extended", deadline: newDate.iso });
  });

  it("forwards the Russian appeal to another agency, whose official sees it; the citizen is told", async () => {
    const { code } = await cliInvite(transport, "official");
    await after(transportOfficial, "the welcome", () => transportOfficial.send(transportOfficial.message({ text: `/start ${code}` })), (shown) => shown.text.startsWith("Қош келдіңіз"));
    const emptyInbox = await transportOfficial.waitForShown("the inbox", (shown) => shown.text.startsWith("Кіріс өтініштер"));
    expect(emptyInbox.text).toContain("Жаңа: 0");
    expect(emptyInbox.buttons).not.toContain("l:late:0");

    const picker = await after(supervisor, "the agency picker", () => supervisor.send(supervisor.press(`d:forward:${ruNumber}`)), (shown) => shown.text.startsWith("В какой орган"));
    expect(picker.buttons).not.toContain(`fa:${energy}`);
    expect(picker.buttons).toEqual(["x"]);
    await after(supervisor, "the matches", () => supervisor.send(supervisor.message({ text: "транспорт" })), (shown) => shown.buttons.includes(`fa:${transport}`));
    await after(supervisor, "the reason prompt", () => supervisor.send(supervisor.press(`fa:${transport}`)), (shown) => shown.text.startsWith("Направляем в"));
    await after(supervisor, "the preview", () => supervisor.send(supervisor.message({ text: "Вопрос касается ремонта дороги у дома." })), (shown) => shown.buttons.includes("ok"));
    const shownBefore = supervisor.shown().length;
    const notice = await after(russian, "the forward notice", () => supervisor.send(supervisor.press("ok")), (shown) => shown.text.includes("направлено по компетенции"));
    expect(notice.text).toContain("Причина: Вопрос касается ремонта дороги у дома.");
    // The sender is back in the inbox, not told the appeal is "not found".
    await supervisor.waitForShown("the inbox after the forward", (shown) => shown.text.startsWith("Входящие"), shownBefore);
    expect(supervisor.shown().slice(shownBefore).some((shown) => shown.text.includes("не найдено"))).toBe(false);

    const inbox = await after(transportOfficial, "the inbox", () => transportOfficial.send(transportOfficial.message({ text: "/menu" })), (shown) => shown.text.startsWith("Кіріс"));
    expect(inbox.text).toContain("Жаңа: 1");
    const list = await after(transportOfficial, "the list", () => transportOfficial.send(transportOfficial.press("l:new:0")), (shown) => shown.buttons.length > 1);
    expect(list.buttons).toContain(`c:${ruNumber}`);
  });

  it("refuses an official's forged buttons for another agency's appeal, and changes nothing", async () => {
    const before = await appeal(kkNumber);
    for (const data of [`d:close:${kkNumber}`, `c:${kkNumber}`, `d:answer:${kkNumber}`]) {
      const reply = await after(transportOfficial, `the refusal of ${data}`, () => transportOfficial.send(transportOfficial.press(data)), () => true);
      expect(reply.text).toBe(`№ ${kkNumber} өтініш Сіздің органыңыздың өтініштері арасынан табылмады.`);
    }
    const garbage = await after(transportOfficial, "the stale button", () => transportOfficial.send(transportOfficial.press("d:take:../../etc")), () => true);
    expect(garbage.text).toBe("Бұл батырма ескірген. Кіріс өтініштерді қайта ашыңыз.");
    expect((await appeal(kkNumber))?.version).toBe(before?.version);
  });

  it("lets the receiving official take it and reject it on a legal ground; the citizen is told why and how to contest", async () => {
    await after(russian, "the taken notice", () => transportOfficial.send(transportOfficial.press(`d:take:${ruNumber}`)), (shown) => shown.text.includes("принято в работу"));
    const reasons = await after(transportOfficial, "the grounds", () => transportOfficial.send(transportOfficial.press(`d:reject:${ruNumber}`)), (shown) => shown.buttons.includes("rr:anonymous"));
    expect(reasons.buttons).toHaveLength(7);
    await after(transportOfficial, "the comment prompt", () => transportOfficial.send(transportOfficial.press("rr:court_decision_exists")), (shown) => shown.text.startsWith("Негізі"));
    await after(transportOfficial, "the preview", () => transportOfficial.send(transportOfficial.message({ text: "По этому вопросу есть решение суда от 01.10.2026." })), (shown) => shown.buttons.includes("ok"));
    const notice = await after(russian, "the rejection", () => transportOfficial.send(transportOfficial.press("ok")), (shown) => shown.text.includes("оставлено без рассмотрения"));
    expect(notice.text).toContain("Основание: по вопросу есть решение суда.\nПо этому вопросу есть решение суда от 01.10.2026.");
    expect(notice.text).toContain("(ст. 91 АППК)");
  });

  it("records a notice to a citizen who blocked the bot as failed and shows it on the card", async () => {
    fake.main.refuseNextSend(6_001, { error_code: 403, description: "Forbidden: bot was blocked by the user" });
    await after(supervisor, "the closing preview", () => supervisor.send(supervisor.press(`d:close:${kkNumber}`)), (shown) => shown.buttons.includes("ok"));
    supervisor.send(supervisor.press("ok"));
    await expect.poll(async () => (await appeal(kkNumber))?.outbox.at(-1)?.failedAt, { timeout: 15_000 }).toBeInstanceOf(Date);
    expect((await appeal(kkNumber))?.outbox.at(-1)).toMatchObject({ notice: "closed", failure: "Forbidden: bot was blocked by the user" });
    const card = await after(supervisor, "the card", () => supervisor.send(supervisor.press(`c:${kkNumber}`)), (shown) => shown.text.startsWith(`№ ${kkNumber}`));
    expect(card.text).toContain("⚠ Заявитель не получил уведомление о закрытии: Forbidden: bot was blocked by the user.");
  });

  it("waits out a 429 with retry_after and then delivers", async () => {
    fake.main.refuseNextSend(6_002, { error_code: 429, description: "Too Many Requests: retry after 4", parameters: { retry_after: 4 } });
    await after(transportOfficial, "the closing preview", () => transportOfficial.send(transportOfficial.press(`d:close:${ruNumber}`)), (shown) => shown.buttons.includes("ok"));
    const attemptsBefore = fake.main.callsOf("sendMessage", 6_002).length;
    transportOfficial.send(transportOfficial.press("ok"));
    // The fake records the refused attempt too: the notice is delivered by the second one, after the pause.
    const attempts = await fake.main.waitFor("a second attempt", () => {
      const since = fake.main.callsOf("sendMessage", 6_002).slice(attemptsBefore);
      return since.length === 2 ? since.map((call) => String(call["text"])) : undefined;
    });
    expect(attempts).toEqual([`Работа по обращению № ${ruNumber} завершена. Спасибо!`, `Работа по обращению № ${ruNumber} завершена. Спасибо!`]);
    await expect.poll(async () => (await appeal(ruNumber))?.outbox.at(-1)?.deliveredAt, { timeout: 10_000 }).toBeInstanceOf(Date);
  });

  it("publishes each agency's responsiveness as open data, without personal data", async () => {
    const base = `http://127.0.0.1:${config.httpPort}/open-data/responsiveness.json`;
    const month = localDateOf(new Date(), "Asia/Almaty").slice(0, 7);
    const response = await fetch(`${base}?month=${month}`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    const body = await response.text();
    const document = JSON.parse(body) as { agencies: { id: string; received: number; ratingAverage: number | null }[] };
    expect(document.agencies.find((row) => row.id === energy)).toMatchObject({ received: 2 });
    expect(document.agencies.find((row) => row.id === transport)).toMatchObject({ received: 1 });
    // The month is not over: no rating is published for it, whatever the count.
    expect(document.agencies.every((row) => row.ratingAverage === null)).toBe(true);
    for (const personal of ["Серікова", "Петров", "900101400003", "77011234567", "Абай", "telegram:"]) expect(body).not.toContain(personal);
    expect((await fetch(`${base}?agency=nope`)).status).toBe(404);
    expect((await fetch(`${base}?month=2099-01`)).status).toBe(400);
    expect((await fetch(`${base}?from=2026-01-01&to=2026-12-31&month=2026-13`)).status).toBe(400);
  });

  it("reports health and metrics for the operator", async () => {
    const health = await fetch(`http://127.0.0.1:${config.httpPort}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: "ok", checks: { mongodb: { ok: true }, redis: { ok: true }, channels: { telegram: { ok: true }, "telegram-admin": { ok: true } } } });
    const metrics = await (await fetch(`http://127.0.0.1:${config.httpPort}/metrics`)).text();
    expect(metrics).toMatch(/^estu_inbound_messages_total\{channel="telegram"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^estu_appeals_created_total\{agency="almaty_energy_department"\} 2$/m);
    expect(metrics).toMatch(/^estu_deliveries_total\{outcome="delivered"\} [1-9]\d*$/m);
    expect(metrics).toMatch(/^estu_queue_jobs\{queue="deliveries",state="waiting"\} \d+$/m);
  });
});
