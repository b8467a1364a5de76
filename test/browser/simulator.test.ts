// The browser simulator in headless Chromium (Debian's package, driven by playwright-core):
// a citizen files an appeal in Kazakh on the simulated phone, an official answers it in the
// console, and the answer arrives in the citizen's chat; the chat survives a reload and the
// page fits a 390x844 phone. Screenshots are saved under test-artifacts/.
import { execFile } from "node:child_process";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { freePort } from "../../src/embedded/free-port.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { createLogger } from "../../src/logger.js";
import { startEstu, type Estu } from "../../src/runtime/start-estu.js";
import { mongoUri, redisUrl, uniqueName } from "../support/services.js";

const run = promisify(execFile);
const artifacts = join(projectRoot, "test-artifacts");

let estu: Estu;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Installs Debian's chromium when it is missing (root and apt needed; the script says what to do otherwise).
  const chromiumPath = (await run("bash", [join(projectRoot, "scripts/chromium.sh")], { timeout: 10 * 60_000 })).stdout.trim();
  const port = await freePort();
  estu = await startEstu(
    loadConfig({ MONGODB_URI: mongoUri(), MONGODB_DB: uniqueName("browser"), REDIS_URL: redisUrl(), ESTU_REDIS_PREFIX: uniqueName("browser"), ESTU_HTTP_PORT: String(port), ESTU_SIMULATOR: "true" }),
    createLogger("silent"),
  );
  browser = await chromium.launch({
    executablePath: chromiumPath,
    // Without the background-networking flags Chromium keeps calling Google's hosts, which this network refuses.
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`http://127.0.0.1:${port}/#c-aigul`);
  await mkdir(artifacts, { recursive: true });
}, 15 * 60_000);

afterAll(async () => {
  await browser?.close();
  await estu?.stop();
});

const citizenMessage = (text: string) => page.locator("#citizen-log .msg.bot", { hasText: text }).last();
const officialMessage = (text: string) => page.locator("#official-log .msg.bot", { hasText: text }).last();

async function press(pane: "citizen" | "official", label: string): Promise<void> {
  await page.locator(`#${pane}-log .msg.bot`).last().getByRole("button", { name: label, exact: true }).click();
}

async function say(text: string): Promise<void> {
  await page.fill("#citizen-text", text);
  await page.press("#citizen-text", "Enter");
}

describe("the browser simulator", () => {
  let number = "";

  it("files an appeal in Kazakh on the simulated phone and shows the coupon", async () => {
    await page.selectOption("#citizen-lang", "kk");
    await page.click("#start");
    await citizenMessage("Сәлеметсіз бе!").waitFor();
    await press("citizen", "Иә, қазақша");
    // The problem comes first, in the citizen's words; its kind, category and agency after.
    for (const label of ["Келісемін", "Өтініш беру"]) {
      await citizenMessage("").locator("button").first().waitFor();
      await press("citizen", label);
    }
    await citizenMessage("Мәселені өз сөзіңізбен").waitFor();
    await say("Үйімізде үш күннен бері ыстық су жоқ, Абай даңғылы 10.");
    await press("citizen", "Дайын");
    for (const label of ["Шағым — құқығым бұзылды", "Тұрғын үй-коммуналдық шаруашылық", "Алматы қаласы", "Алмалы ауданы"]) {
      await citizenMessage("").locator("button").first().waitFor();
      await press("citizen", label);
    }
    await citizenMessage("Тегіңізді").waitFor();
    await say("Серікова Айгүл Қанатқызы");
    await citizenMessage("ЖСН-іңізді").waitFor();
    await say("900101400003");
    await citizenMessage("Телефон нөміріңізді").waitFor();
    await page.fill("#phone", "+77011234567");
    await press("citizen", "📱 Нөмірді жіберу");
    await citizenMessage("Пошталық мекенжайыңыз").waitFor();
    await say("Алматы, Абай даңғылы 10, 5-пәтер");
    await press("citizen", "Дұрыс, жіберемін");
    const coupon = await citizenMessage("✅ Өтінішіңіз тіркелді.").textContent();
    number = /№ (ALEN-\d{4}-\d{6})/.exec(coupon ?? "")?.[1] ?? "";
    expect(number).toMatch(/^ALEN-\d{4}-\d{6}$/);
    expect(await estu.runtime.store.appeals.get(number)).toMatchObject({ citizenId: "simulator:c-aigul", language: "kk", status: "registered" });
  });

  it("answers it in the official's console and the answer arrives in the citizen's chat", async () => {
    await page.selectOption("#agency", "almaty_energy_department");
    await page.selectOption("#official-lang", "ru");
    await page.click("#inbox");
    await officialMessage("Новые: 1").waitFor();
    await press("official", "Новые (1)");
    await page.locator("#official-log button", { hasText: number }).last().click();
    await officialMessage(`№ ${number}`).waitFor();
    await press("official", "✋ Взять в работу");
    await citizenMessage("қарауға алды").waitFor();
    await officialMessage(`№ ${number} — в работе`).getByRole("button", { name: "✉️ Ответить" }).click();
    await officialMessage("Напишите ответ").waitFor();
    await page.fill("#official-text", "Құрметті Айгүл Қанатқызы, ыстық су 28 қарашада қалпына келтірілді.");
    await page.press("#official-text", "Enter");
    await officialMessage("Ответ на обращение").waitFor();
    await page.setInputFiles("#official-file", { name: "Жөндеу актісі.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF act of repair") });
    await officialMessage("📎 Вложения: 1 — Жөндеу актісі.pdf").waitFor();
    await press("official", "Отправить ответ");
    await officialMessage("отправлен заявителю").waitFor();

    const answer = citizenMessage("жауап берді");
    await answer.waitFor({ timeout: 20_000 });
    expect(await answer.textContent()).toContain("ыстық су 28 қарашада қалпына келтірілді");
    expect(await answer.textContent()).toContain("ӘРПК-нің 91-бабы");
    expect(await answer.textContent()).toContain("📎 Жауапқа тіркелген файлдар: Жөндеу актісі.pdf");
    // The file itself, under its name: the link reads it, and the download keeps it.
    const link = answer.getByRole("link", { name: "Жөндеу актісі.pdf" });
    const download = await page.request.get(new URL((await link.getAttribute("href")) ?? "", page.url()).href);
    expect(download.headers()["content-disposition"]).toBe(`attachment; filename="______ ______.pdf"; filename*=UTF-8''${encodeURIComponent("Жөндеу актісі.pdf")}`);
    expect(await download.text()).toBe("%PDF act of repair");
    await page.locator("#citizen").screenshot({ path: join(artifacts, "simulator-citizen.png") });
    await page.locator("#official").screenshot({ path: join(artifacts, "simulator-official.png") });
    expect(await estu.runtime.store.appeals.get(number)).toMatchObject({ status: "answered" });
  });

  it("keeps the citizen's own messages after a reload, both sides rendered from the server", async () => {
    await page.reload();
    await citizenMessage("жауап берді").waitFor();
    const own = page.locator("#citizen-log .msg.me:not(.pending)");
    await own.filter({ hasText: "Серікова Айгүл Қанатқызы" }).waitFor();
    const ownTexts = await own.allTextContents();
    expect(ownTexts).toEqual(expect.arrayContaining(["/start", "Иә, қазақша", "Үйімізде үш күннен бері ыстық су жоқ, Абай даңғылы 10.", "900101400003", "+77011234567"]));
    // The conversation's order survives too: the citizen's description comes after the question that asked for it.
    const log = await page.locator("#citizen-log").textContent();
    expect(log?.indexOf("Үйімізде үш күннен")).toBeGreaterThan(log?.indexOf("Мәселені өз сөзіңізбен") ?? Infinity);
  });

  it("fits a 390x844 phone: one-line localized header, input bar on screen, no missing glyphs, JSON posts", async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    try {
      const posts: { url: string; contentType: string | undefined }[] = [];
      phone.on("request", (request) => {
        if (request.method() === "POST" && !request.url().includes("/upload")) posts.push({ url: request.url(), contentType: request.headers()["content-type"] });
      });
      await phone.goto(page.url().replace(/#.*$/, "#c-aigul"));
      await phone.selectOption("#citizen-lang", "ru");
      await phone.locator("#figures", { hasText: "дан ответ 1" }).waitFor();
      const header = await phone.locator("header").boundingBox();
      const title = await phone.locator("header h1").boundingBox();
      expect(header?.height).toBeLessThan((title?.height ?? 0) * 1.8);
      expect(await phone.locator("#figures").textContent()).not.toMatch(/[a-z]_[a-z]|answered|overdue/);
      expect(await phone.title()).toBe("Estu · симулятор");

      const bar = await phone.locator("#citizen-form").boundingBox();
      expect(bar).not.toBeNull();
      expect((bar?.y ?? Infinity) + (bar?.height ?? 0)).toBeLessThanOrEqual(844);
      expect(await phone.locator("#citizen-text").isVisible()).toBe(true);
      await phone.locator("#citizen-log .msg.me", { hasText: "900101400003" }).waitFor();
      // The new-citizen button is drawn, not a fullwidth plus that fonts without it show as a box.
      expect(await phone.locator("#new-citizen").textContent()).not.toContain("＋");
      expect(await phone.locator("#new-citizen svg").isVisible()).toBe(true);

      await phone.fill("#citizen-text", "/start");
      await phone.press("#citizen-text", "Enter");
      await phone.locator("#citizen-log .msg.me:not(.pending)", { hasText: "/start" }).last().waitFor();
      expect(posts.filter((post) => post.url.endsWith("/sim/citizen/send"))).not.toHaveLength(0);
      for (const post of posts) expect(post.contentType).toBe("application/json");
      await phone.screenshot({ path: join(artifacts, "simulator-phone-citizen.png") });
      await phone.click("#tab-official");
      expect(await phone.locator("#official-form").isVisible()).toBe(true);
      const officialBar = await phone.locator("#official-form").boundingBox();
      expect((officialBar?.y ?? Infinity) + (officialBar?.height ?? 0)).toBeLessThanOrEqual(844);
      await phone.screenshot({ path: join(artifacts, "simulator-phone-official.png") });
    } finally {
      await phone.close();
    }
  });
});
