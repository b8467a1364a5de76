// The officials' console on the real MongoDB-wire server: the real store, the shipped
// reference data, calendar and texts, driven message by message as the admin bot does.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AdminConsole } from "../../src/admin/admin-console.js";
import type { AdminReply } from "../../src/admin/admin-input.js";
import type { Appeal, Language } from "../../src/core/appeal/appeal.js";
import type { OfficialSessionStore } from "../../src/core/ports/official-session-store.js";
import type { Official } from "../../src/core/ports/official-repository.js";
import { decideOnAppeal, type RefusedEvent } from "../../src/core/use-cases/decide-on-appeal.js";
import { addWorkingDaysAfter } from "../support/dates.js";
import { buttonsOf, decideDirectly, Desk, openAdminFixture, putInvite, putOfficial, seedAppeal, textsOf, type AdminFixture } from "../support/admin-fixture.js";

const friday = new Date("2026-11-27T10:00:00+05:00");
const monday = new Date("2026-11-30T10:00:00+05:00");
/** Almaty akimat: the agency most officials here work in. */
const A = "akimat_almaty_city";
/** Another agency: forwards go there, and its appeals are out of A's sight. */
const B = "almaty_transport_department";
/** The inbox counts are checked on Astana's akimat, paging on Shymkent's. */
const C = "akimat_astana_city";
const D = "akimat_shymkent_city";

const kazakhText = "Үйімізде үш күннен бері ыстық су жоқ, Абай 10.";
const russianText = "В доме третий день нет горячей воды, Абая 10.";
const kazakhAnswer = "Құрметті Айгүл Серікқызы, ыстық су 28 қарашада қалпына келтірілді. Кешіріміңізді сұраймыз.";
const russianAnswer = "Уважаемая Айгуль, подача горячей воды восстановлена 28 ноября. Приносим извинения.";

let fx: AdminFixture;
let plainA: Official;
let plainA2: Official;
let headA: Official;
let adminA: Official;
let switchedOffA: Official;
let plainB: Official;

const desks: Record<string, Desk> = {};
/** The desk of an onboarded official (one per official, so keys never repeat). */
function desk(official: Official, now: Date = monday): Desk {
  const existing = desks[official.id];
  if (existing) {
    existing.now = now;
    return existing;
  }
  const created = new Desk(fx, official.id, now, official.displayName);
  desks[official.id] = created;
  return created;
}

const appealOf = async (id: string): Promise<Appeal> => {
  const appeal = await fx.store.appeals.get(id);
  if (!appeal) throw new Error(`no appeal ${id}`);
  return appeal;
};

const seed = (agencyId: string, language: Language = "kk", receivedAt: Date = friday) =>
  seedAppeal(fx, receivedAt, { agencyId, language, text: language === "kk" ? kazakhText : russianText });

function preview(language: Language, kind: string, number: string, body: string, extras: readonly string[] = [], fact: Record<string, string> = {}): string {
  return [fx.t(language, `compose.preview_${kind}`, { number, ...fact }), "", body, ...extras, "", fx.t(language, "compose.preview_hint")].join("\n");
}

const agencyName = (id: string, language: Language) => fx.reference.agencies.find((agency) => agency.id === id)?.name[language] ?? "";
const refusedSince = (count: number) => fx.refused.slice(count);

beforeAll(async () => {
  fx = await openAdminFixture("admin_console");
  plainA = await putOfficial(fx, { id: "telegram:1000000001", agencyId: A, role: "official", language: "kk", displayName: "Ерлан Сапаров" });
  plainA2 = await putOfficial(fx, { id: "telegram:1000000002", agencyId: A, role: "official", language: "ru", displayName: "Иван Петров" });
  headA = await putOfficial(fx, { id: "telegram:1000000003", agencyId: A, role: "supervisor", language: "ru", displayName: "Асель Нурланова" });
  adminA = await putOfficial(fx, { id: "telegram:1000000004", agencyId: A, role: "admin", language: "kk", displayName: "Нұрлан Әкімов" });
  switchedOffA = await putOfficial(fx, { id: "telegram:1000000008", agencyId: A, role: "official", language: "ru", displayName: "Отключённый Сотрудник", active: false });
  plainB = await putOfficial(fx, { id: "telegram:2000000001", agencyId: B, role: "official", language: "kk", displayName: "Дәурен Жақсылықов" });
});
afterAll(() => fx?.drop());

describe("onboarding", () => {
  const inviteAt = new Date("2026-11-20T09:00:00+05:00");
  /** Invites in these tests expire at noon on Friday 27 November. */
  const week = new Date("2026-11-27T12:00:00+05:00");

  it("welcomes the bearer of a code in Kazakh by default, with the inbox, and makes them an official", async () => {
    await putInvite(fx, { code: "K7QM2XABCDEF", agencyId: A, role: "official", createdAt: inviteAt, expiresAt: week });
    const newcomer = new Desk(fx, "telegram:3000000001", monday, "Жанар Ахметова");
    const replies = await newcomer.command("start", "K7QM2XABCDEF", new Date("2026-11-26T12:00:00+05:00"));
    expect(replies).toHaveLength(2);
    expect(replies[0]?.text).toBe(
      "Қош келдіңіз, Жанар Ахметова! Сіз — орындаушы, Алматы қаласының әкімдігі. Жұмыс тілін төмендегі батырмалармен немесе /language командасымен ауыстыруға болады.",
    );
    expect(buttonsOf(replies[0])).toEqual(["lg:kk", "lg:ru"]);
    expect(replies[1]?.text).toMatch(/^Кіріс өтініштер: Алматы қаласының әкімдігі\nЖаңа: \d+\n/);
    expect(replies[1]?.screen).toBe(false);
    expect(buttonsOf(replies[1])).toEqual(["l:new:0", "l:work:0", "l:wait:0", "l:done:0"]);
    expect(await fx.store.officials.get("telegram:3000000001")).toMatchObject({ agencyId: A, role: "official", language: "kk", displayName: "Жанар Ахметова", active: true });
  });

  it("welcomes in Russian when the app is Russian, and in Kazakh for any other app language", async () => {
    await putInvite(fx, { code: "RUSSIAN23456", agencyId: B, role: "supervisor", createdAt: inviteAt, expiresAt: week });
    await putInvite(fx, { code: "ENGLISH23456", agencyId: B, role: "official", createdAt: inviteAt, expiresAt: week });
    const russian = await new Desk(fx, "telegram:3000000002", friday, "Ольга Ким", "ru-RU").command("start", "RUSSIAN23456");
    expect(russian[0]?.text).toBe(
      `Добро пожаловать, Ольга Ким! Вы — руководитель, ${agencyName(B, "ru")}. Язык работы можно сменить кнопками ниже или командой /language.`,
    );
    expect(russian[1]?.text.startsWith(`Входящие: ${agencyName(B, "ru")}\n`)).toBe(true);
    expect(await fx.store.officials.get("telegram:3000000002")).toMatchObject({ agencyId: B, role: "supervisor", language: "ru" });
    const english = await new Desk(fx, "telegram:3000000003", friday, "John Smith", "en").command("start", "ENGLISH23456");
    expect(english[0]?.text).toBe(fx.t("kk", "onboarding.welcome", { name: "John Smith", role: "орындаушы", agency: agencyName(B, "kk") }));
  });

  it("accepts a code typed in lower case with spaces", async () => {
    await putInvite(fx, { code: "LOWER2345678", agencyId: A, role: "official", createdAt: inviteAt, expiresAt: week });
    const replies = await new Desk(fx, "telegram:3000000004", friday, "Сәуле Омарова").command("start", "lower 2345 678");
    expect(replies[0]?.text.startsWith("Қош келдіңіз, Сәуле Омарова!")).toBe(true);
    expect(await fx.store.officials.get("telegram:3000000004")).toMatchObject({ agencyId: A, role: "official" });
  });

  it("refuses a wrong, a used and an expired code with their texts, and onboards nobody", async () => {
    await putInvite(fx, { code: "USED23456789", agencyId: A, role: "admin", createdAt: inviteAt, expiresAt: week });
    await putInvite(fx, { code: "EXPIRED23456", agencyId: A, role: "admin", createdAt: inviteAt, expiresAt: week });
    const first = await new Desk(fx, "telegram:3000000005", friday, "First").command("start", "USED23456789");
    expect(first[0]?.text.startsWith("Қош келдіңіз")).toBe(true);

    const stranger = new Desk(fx, "telegram:3000000006", friday, "Stranger", "ru");
    expect(textsOf(await stranger.command("start", "NOSUCHCODE22"))).toEqual(["Такого кода приглашения нет. Проверьте код или попросите новый."]);
    expect(textsOf(await stranger.command("start", "USED23456789"))).toEqual(["Этот код уже использован. Попросите новый у администратора."]);
    // A code stops working at the very instant it expires.
    expect(textsOf(await stranger.command("start", "EXPIRED23456", week))).toEqual(["Срок действия кода истёк. Попросите новый у администратора."]);
    const kazakh = new Desk(fx, "telegram:3000000007", friday, "Бейтаныс");
    expect(textsOf(await kazakh.command("start", "NOSUCHCODE22"))).toEqual(["Мұндай шақыру коды жоқ. Кодты тексеріңіз немесе жаңасын сұраңыз."]);
    expect(textsOf(await kazakh.command("start", "USED23456789"))).toEqual(["Бұл код пайдаланылып қойған. Жүйе әкімшісінен жаңасын сұраңыз."]);
    expect(textsOf(await kazakh.command("start", "EXPIRED23456", new Date("2026-12-01T09:00:00+05:00")))).toEqual(["Кодтың мерзімі өтіп кетті. Жүйе әкімшісінен жаңасын сұраңыз."]);
    expect(await fx.store.officials.get("telegram:3000000006")).toBeUndefined();
    expect(await fx.store.officials.get("telegram:3000000007")).toBeUndefined();
    expect(await fx.store.officials.get("telegram:3000000005")).toMatchObject({ role: "admin" });
  });

  it("asks an unknown person for a code, in their app's language, whatever they send", async () => {
    const kazakh = new Desk(fx, "telegram:3000000010", friday, "Someone");
    const needCodeKk = "Бұл — мемлекеттік орган қызметкерлеріне арналған бот. Бастау үшін /start командасын және жүйе әкімшісі берген шақыру кодын жіберіңіз.";
    expect(textsOf(await kazakh.text("Сәлеметсіз бе"))).toEqual([needCodeKk]);
    expect(textsOf(await kazakh.command("start"))).toEqual([needCodeKk]);
    expect(textsOf(await kazakh.command("menu"))).toEqual([needCodeKk]);
    const russian = new Desk(fx, "telegram:3000000011", friday, "Someone", "ru");
    const needCodeRu = "Это бот для сотрудников государственных органов. Чтобы начать, отправьте /start и код приглашения, который Вам выдал администратор.";
    expect(textsOf(await russian.press("m"))).toEqual([needCodeRu]);
    expect(textsOf(await russian.sticker())).toEqual([needCodeRu]);
  });

  it("does not let an unknown person see or decide anything, even with real button data", async () => {
    const appeal = await seed(A);
    const stranger = new Desk(fx, "telegram:3000000012", monday, "Stranger", "ru");
    for (const data of [`c:${appeal.id}`, `d:take:${appeal.id}`, `f:${appeal.id}`, "l:new:0"]) {
      expect(textsOf(await stranger.press(data))).toEqual([fx.t("ru", "onboarding.need_code")]);
    }
    expect((await appealOf(appeal.id)).status).toBe("registered");
  });
});

describe("a deactivated official", () => {
  let dana: Official;
  let appeal: Appeal;

  /** Dana, active, starts answering the appeal; then her access is switched off. */
  async function answerThenSwitchOff(): Promise<void> {
    await fx.store.officials.setActive(dana.id, true);
    await desk(dana).press(`d:answer:${appeal.id}`);
    expect(textsOf(await desk(dana).text(kazakhAnswer))).toEqual([preview("kk", "answer", appeal.id, kazakhAnswer)]);
    await fx.store.officials.setActive(dana.id, false);
  }

  beforeAll(async () => {
    dana = await putOfficial(fx, { id: "telegram:1000000009", agencyId: A, role: "official", language: "kk", displayName: "Дана Сейітова" });
    appeal = await seed(A);
    await answerThenSwitchOff();
  });

  it("is told their access is off, whatever they send", async () => {
    const inactive = "Өтініштерге кіру рұқсатыңыз өшірілген. Басшыңызға хабарласыңыз.";
    expect(textsOf(await desk(dana).command("menu"))).toEqual([inactive]);
    expect(textsOf(await desk(dana).text(appeal.id))).toEqual([inactive]);
    expect(textsOf(await desk(dana).press(`c:${appeal.id}`))).toEqual([inactive]);
  });

  it("cannot confirm the answer they started: nothing changes and nothing is sent", async () => {
    const before = await appealOf(appeal.id);
    const decided = fx.decided.length;
    expect(textsOf(await desk(dana).press("ok"))).toEqual([fx.t("kk", "onboarding.inactive")]);
    expect(await appealOf(appeal.id)).toEqual(before);
    expect(before).toMatchObject({ status: "registered", version: 0 });
    expect(fx.decided.length).toBe(decided);
  });

  // A decision refused before the use case (the official is switched off) is still logged.
  it("reports the refused decision to onRefused, for the operator's log", async () => {
    await answerThenSwitchOff();
    const count = fx.refused.length;
    await desk(dana).press("ok");
    expect(refusedSince(count)).toEqual([{ appealId: appeal.id, decision: "answer", actor: { type: "official", officialId: dana.id, agencyId: A }, reason: "inactive_official" }]);
  });

  it("is refused and logged by the core use case itself", async () => {
    const events: RefusedEvent[] = [];
    const actor = { type: "official", officialId: dana.id, agencyId: A } as const;
    const result = await decideOnAppeal({ ...fx.store, calendar: fx.calendar, onRefused: (event) => events.push(event) }, appeal.id, { type: "take" }, actor, monday);
    expect(result).toEqual({ ok: false, reason: "inactive_official" });
    expect(events).toEqual([{ appealId: appeal.id, decision: "take", actor, reason: "inactive_official" }]);
    expect((await appealOf(appeal.id)).version).toBe(0);
  });

  it("cannot come back by redeeming an invite: the code stays unspent and only an admin re-activates", async () => {
    await putInvite(fx, { code: "BACKAGAIN234", agencyId: A, role: "supervisor", createdAt: monday, expiresAt: new Date("2026-12-07T10:00:00+05:00") });
    expect(textsOf(await desk(dana).command("start", "BACKAGAIN234"))).toEqual([fx.t("kk", "onboarding.inactive")]);
    expect(await fx.store.officials.get(dana.id)).toMatchObject({ active: false, role: "official" });
    const other = await new Desk(fx, "telegram:6000000010", monday, "Other").command("start", "BACKAGAIN234");
    expect(other[0]?.text.startsWith("Қош келдіңіз")).toBe(true);
  });

  it("is not re-activated by an enrolment racing the deactivation", async () => {
    expect(await fx.store.officials.enrol({ ...dana, active: true, role: "admin" })).toBe(false);
    expect(await fx.store.officials.get(dana.id)).toMatchObject({ active: false, role: "official" });
  });

  it("is not re-activated by a language change read before the deactivation", async () => {
    await fx.store.officials.setActive(dana.id, true);
    const officials = fx.store.officials;
    // The console reads Dana active; the deactivation lands before her language change is written.
    const racing = new AdminConsole({
      ...fx.deps,
      officials: {
        get: async (id) => {
          const read = await officials.get(id);
          if (id === dana.id) await officials.setActive(dana.id, false);
          return read;
        },
        setLanguage: (id, language) => officials.setLanguage(id, language),
        enrol: (official) => officials.enrol(official),
        put: (official) => officials.put(official),
        setActive: (id, active) => officials.setActive(id, active),
        listByAgency: (agencyId) => officials.listByAgency(agencyId),
        listActiveByRole: (role) => officials.listActiveByRole(role),
      },
    });
    const replies = await racing.handle({ key: "race:1", officialId: dana.id, displayName: dana.displayName, languageHint: undefined, receivedAt: monday, event: { type: "button", data: "lg:ru" } });
    expect(textsOf(replies)).toEqual([fx.t("kk", "onboarding.inactive")]);
    expect(await officials.get(dana.id)).toMatchObject({ active: false, language: "kk" });
  });
});

describe("the inbox", () => {
  let plainC: Official;
  let headC: Official;
  let overdue: Appeal;
  let fresh: Appeal;

  beforeAll(async () => {
    plainC = await putOfficial(fx, { id: "telegram:4000000001", agencyId: C, role: "official", language: "kk", displayName: "Айжан Берікова" });
    headC = await putOfficial(fx, { id: "telegram:4000000002", agencyId: C, role: "supervisor", language: "ru", displayName: "Марат Оспанов" });
    const seedC = (receivedAt: Date = friday) => seedAppeal(fx, receivedAt, { agencyId: C, regionId: "astana_city", text: kazakhText });
    overdue = await seedC(new Date("2026-09-01T10:00:00+05:00"));
    fresh = await seedC();
    const working = await seedC();
    const waiting = await seedC();
    const answered = await seedC();
    for (const appeal of [working, waiting, answered]) await decideDirectly(fx, appeal.id, { type: "take" }, plainC, friday);
    await decideDirectly(fx, waiting.id, { type: "ask_clarification", question: "Қай подъезд?" }, plainC, friday);
    await decideDirectly(fx, answered.id, { type: "answer", text: kazakhAnswer, attachments: [] }, plainC, friday);
  });

  it("counts each list, overdue included, and hides the overdue list from a plain official", async () => {
    const replies = await desk(plainC).command("menu");
    expect(replies).toHaveLength(1);
    expect(replies[0]?.text).toBe(
      "Кіріс өтініштер: Астана қаласының әкімдігі\nЖаңа: 2\nЖұмыста: 1\nНақтылау күтуде: 1\nМерзімі өткен: 1\nЖауап берілген, жабылмаған: 1\n\nӨтінішті табу үшін оның нөмірін жазыңыз, мысалы ALA-2026-000042.",
    );
    expect(replies[0]?.choices).toEqual([
      { id: "l:new:0", label: "Жаңа (2)" },
      { id: "l:work:0", label: "Жұмыста (1)" },
      { id: "l:wait:0", label: "Нақтылау күтуде (1)" },
      { id: "l:done:0", label: "Жауап берілген (1)" },
    ]);
    expect(replies[0]?.screen).toBe(false);
  });

  it("refuses the overdue list to a plain official who forges its button", async () => {
    const replies = await desk(plainC).press("l:late:0");
    expect(textsOf(replies)).toEqual(["Мұны тек басшы немесе жүйе әкімшісі жасай алады."]);
    expect(buttonsOf(replies[0])).toEqual(["m"]);
  });

  it("opens the overdue list to a supervisor, in Russian", async () => {
    const inbox = await desk(headC).command("inbox");
    expect(inbox[0]?.text).toBe(
      "Входящие: Акимат города Астаны\nНовые: 2\nВ работе: 1\nЖдут уточнения: 1\nПросрочены: 1\nС ответом, не закрыты: 1\n\nЧтобы найти обращение, напишите его номер, например ALA-2026-000042.",
    );
    expect(buttonsOf(inbox[0])).toEqual(["l:new:0", "l:work:0", "l:wait:0", "l:late:0", "l:done:0"]);
    expect(inbox[0]?.choices[3]?.label).toBe("⚠ Просрочены (1)");

    const late = await desk(headC).press("l:late:0");
    expect(late[0]?.text).toBe("Просроченные обращения:");
    expect(late[0]?.screen).toBe(true);
    expect(buttonsOf(late[0])).toEqual([`c:${overdue.id}`, "m"]);
    expect(late[0]?.choices[0]?.label).toBe(`⚠ ${overdue.id} · ${overdue.deadline.split("-").reverse().join(".")} · Жилищно-коммунальное хозяйство`);
  });

  it("lists the new appeals nearest deadline first and marks the overdue one on its card", async () => {
    const list = await desk(headC).press("l:new:0");
    expect(buttonsOf(list[0])).toEqual([`c:${overdue.id}`, `c:${fresh.id}`, "m"]);
    const card = await desk(headC).press(`c:${overdue.id}`);
    expect(card[0]?.text).toContain(`⚠ Срок ответа: ${overdue.deadline.split("-").reverse().join(".")} — просрочено`);
    expect(card[0]?.text).toContain("Срок направления по компетенции (3 рабочих дня) уже истёк.");
    const freshCard = await desk(headC).press(`c:${fresh.id}`);
    expect(freshCard[0]?.text).toContain("Срок ответа: 21.12.2026\n");
    expect(freshCard[0]?.text).not.toContain("просрочено");
  });

  it("shows an empty list as empty", async () => {
    await decideDirectly(fx, fresh.id, { type: "take" }, plainC, friday);
    const replies = await desk(plainC).press("l:new:1");
    expect(replies[0]?.text).toBe("Жаңа өтініштер (мерзімі жақыны жоғарыда):\nМұнда ештеңе жоқ.");
    expect(buttonsOf(replies[0])).toEqual(["l:new:0", "m"]);
  });
});

describe("paging a list", () => {
  let plainD: Official;
  let ids: string[];

  beforeAll(async () => {
    plainD = await putOfficial(fx, { id: "telegram:5000000001", agencyId: D, role: "official", language: "ru", displayName: "Пётр Ли" });
    ids = [];
    for (let index = 0; index < 10; index++) ids.push((await seedAppeal(fx, friday, { agencyId: D, regionId: "shymkent_city", language: "ru", text: russianText })).id);
  });

  it("shows eight appeals a page, with next and previous", async () => {
    const first = await desk(plainD).press("l:new:0");
    expect(first[0]?.text).toBe("Новые обращения (ближайший срок сверху):");
    expect(buttonsOf(first[0])).toEqual([...ids.slice(0, 8).map((id) => `c:${id}`), "l:new:1", "m"]);
    expect(first[0]?.choices[0]?.label).toBe(`${ids[0]} · 21.12.2026 · Жилищно-коммунальное хозяйство`);
    expect(first[0]?.choices[8]?.label).toBe("Далее ›");

    const second = await desk(plainD).press("l:new:1");
    expect(buttonsOf(second[0])).toEqual([...ids.slice(8).map((id) => `c:${id}`), "l:new:0", "m"]);
    expect(second[0]?.choices[2]?.label).toBe("‹ Назад");

    const beyond = await desk(plainD).press("l:new:9999");
    expect(beyond[0]?.text).toBe("Новые обращения (ближайший срок сверху):\nЗдесь пусто.");
    expect(buttonsOf(beyond[0])).toEqual(["l:new:9998", "m"]);
  });

  it("counts all ten in the inbox", async () => {
    const inbox = await desk(plainD).press("m");
    expect(inbox[0]?.text).toContain("Новые: 10\n");
    expect(inbox[0]?.screen).toBe(true);
  });
});

describe("search by number", () => {
  let own: Appeal;
  let foreign: Appeal;

  beforeAll(async () => {
    own = await seed(A, "ru");
    foreign = await seed(B);
  });

  it("opens the card of the agency's own appeal typed in any case, as a new message", async () => {
    const replies = await desk(plainA2).text(`  ${own.id.toLowerCase()} `);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.screen).toBe(false);
    const category = "Жилищно-коммунальное хозяйство";
    expect(replies[0]?.text).toBe(
      [
        `№ ${own.id} — новое`,
        `Жалоба · ${category}`,
        "Место: г. Алматы",
        "Поступило: 27.11.2026 10:00",
        "Срок ответа: 21.12.2026",
        "Исполнитель: не назначен",
        "Язык обращения: русский",
        "Заявитель: Айгүл Серікова, ИИН 900101400003\nТелефон: +77011234567\nАдрес: Алматы, Абай даңғылы 10, 5 пәтер",
        "",
        "Текст обращения:",
        russianText,
        "",
        "История:",
        "27.11.2026 10:00 · зарегистрировано · заявитель",
      ].join("\n"),
    );
    expect(buttonsOf(replies[0])).toEqual([`d:take:${own.id}`, `d:answer:${own.id}`, `d:clarify:${own.id}`, `d:forward:${own.id}`, `d:reject:${own.id}`, "m"]);
  });

  it("asks for the number after /find, insists on its shape, then finds it", async () => {
    const refusedBefore = fx.refused.length;
    expect(textsOf(await desk(plainA).command("find"))).toEqual(["Өтініш нөмірін жазыңыз, мысалы ALA-2026-000042:"]);
    expect(textsOf(await desk(plainA).text("қырық екі"))).toEqual(["Нөмір мынадай болады: ALA-2026-000042. Қайталап көріңіз."]);
    const card = await desk(plainA).text(own.id);
    expect(card[0]?.text.startsWith(`№ ${own.id} — жаңа\n`)).toBe(true);
    expect(textsOf(await desk(plainA).command("find", own.id))[0]?.startsWith(`№ ${own.id} — жаңа\n`)).toBe(true);
    expect(fx.refused.length).toBe(refusedBefore);
  });

  it("answers another agency's number like a missing one, and reports the look", async () => {
    const count = fx.refused.length;
    const replies = await desk(plainA).text(foreign.id);
    expect(textsOf(replies)).toEqual([`№ ${foreign.id} өтініш Сіздің органыңыздың өтініштері арасынан табылмады.`]);
    expect(refusedSince(count)).toEqual([{ appealId: foreign.id, decision: "view", actor: { type: "official", officialId: plainA.id, agencyId: A }, reason: "not_your_agency" }]);

    const missing = "ALA-2026-999999";
    expect(textsOf(await desk(plainA2).command("find", missing))).toEqual([`Обращение № ${missing} не найдено среди обращений Вашего органа.`]);
    expect(fx.refused.length).toBe(count + 1);
  });

  it("refuses forged buttons for another agency's appeal and changes nothing", async () => {
    const count = fx.refused.length;
    for (const data of [`c:${foreign.id}`, `f:${foreign.id}`, `d:take:${foreign.id}`, `d:answer:${foreign.id}`, `d:close:${foreign.id}`]) {
      const replies = await desk(plainA).press(data);
      expect(replies[0]?.text, data).toBe(`№ ${foreign.id} өтініш Сіздің органыңыздың өтініштері арасынан табылмады.`);
    }
    expect(fx.refused.slice(count).map((event) => [event.decision, event.reason])).toEqual(Array.from({ length: 5 }, () => ["view", "not_your_agency"]));
    expect(await appealOf(foreign.id)).toMatchObject({ status: "registered", version: 0 });
    expect(textsOf(await desk(plainA).press("ok"))).toEqual(["Бұл әрекет аяқталған немесе тоқтатылған."]);
  });

  it("calls unparseable button data stale", async () => {
    for (const data of ["d:take:", "l:late:99999", "../../etc/passwd", "x:y"]) {
      const replies = await desk(plainA).press(data);
      expect(textsOf(replies)).toEqual(["Бұл батырма ескірген. Кіріс өтініштерді қайта ашыңыз."]);
      expect(buttonsOf(replies[0])).toEqual(["m"]);
    }
  });
});

describe("a redelivered update", () => {
  it("is handled once: the second delivery gets no reply and decides nothing", async () => {
    const appeal = await seed(A);
    const input = desk(plainA).input({ type: "button", data: `d:take:${appeal.id}` });
    const decided = fx.decided.length;
    const first = await fx.console.handle(input);
    expect(first[0]?.text).toBe(`№ ${appeal.id} өтініш Сізде жұмыста. Өтініш берушіге хабарланды.`);
    expect(await fx.console.handle(input)).toEqual([]);
    expect(await fx.console.handle(input)).toEqual([]);
    const stored = await appealOf(appeal.id);
    expect(stored.history.filter((entry) => entry.event === "taken")).toHaveLength(1);
    expect(stored).toMatchObject({ status: "in_progress", assignedOfficialId: plainA.id, version: 1 });
    expect(fx.decided.length).toBe(decided + 1);
  });
});

describe("answering", () => {
  let appeal: Appeal;
  const act = { kind: "document", channel: "telegram-admin", fileId: "act-of-repair", mimeType: "application/pdf", fileName: "Жөндеу актісі.pdf" } as const;
  const photo = { kind: "photo", channel: "telegram-admin", fileId: "photo-after-repair" } as const;

  beforeAll(async () => {
    appeal = await seed(A, "kk");
  });

  it("asks for the answer", async () => {
    const replies = await desk(plainA).press(`d:answer:${appeal.id}`);
    expect(textsOf(replies)).toEqual([
      `№ ${appeal.id} өтінішке жауап жазыңыз. Файл (фото немесе құжат) тіркеуге болады. Жауап мемлекеттік тілде немесе өтініш тілінде беріледі.`,
    ]);
    expect(replies[0]?.choices).toEqual([{ id: "x", label: "Болдырмау" }]);
  });

  it("warns when a Kazakh appeal is answered in Russian", async () => {
    const replies = await desk(plainA).text(russianAnswer);
    expect(replies[0]?.text).toBe(
      [
        `№ ${appeal.id} өтінішке жауап:`,
        "",
        russianAnswer,
        "⚠ Өтініш берушіге арналған мәтін өтініш берілген қазақ тілінде жазылмаған сияқты. Заң бойынша орган өтініш берушіге мемлекеттік тілде немесе өтініш тілінде жауап береді.",
        "",
        "Түзету үшін жаңа мәтінді жіберіңіз.",
      ].join("\n"),
    );
    expect(replies[0]?.choices).toEqual([
      { id: "ok", label: "Жауапты жіберу" },
      { id: "x", label: "Болдырмау" },
    ]);
  });

  it("does not warn for a Kazakh answer, and takes files into the preview", async () => {
    expect(textsOf(await desk(plainA).text(kazakhAnswer))).toEqual([preview("kk", "answer", appeal.id, kazakhAnswer)]);
    expect(textsOf(await desk(plainA).media(act))).toEqual([preview("kk", "answer", appeal.id, kazakhAnswer, ["📎 Тіркемелер: 1 — Жөндеу актісі.pdf"])]);
    const caption = "Жөндеу жұмыстарының актісі мен суреті қоса беріліп отыр.";
    expect(textsOf(await desk(plainA).media(photo, caption))).toEqual([preview("kk", "answer", appeal.id, caption, ["📎 Тіркемелер: 2 — Жөндеу актісі.pdf"])]);
    expect(textsOf(await desk(plainA).text(kazakhAnswer))).toEqual([preview("kk", "answer", appeal.id, kazakhAnswer, ["📎 Тіркемелер: 2 — Жөндеу актісі.pdf"])]);
  });

  it("sends the answer on confirmation, once", async () => {
    const decided = fx.decided.length;
    const replies = await desk(plainA).press("ok");
    expect(replies[0]?.text).toBe(`№ ${appeal.id} өтінішке жауап өтініш берушіге жіберілді.`);
    expect(replies[1]?.text.startsWith(`№ ${appeal.id} — жауап берілді\n`)).toBe(true);
    expect(replies[1]?.screen).toBe(false);
    expect(buttonsOf(replies[1])).toEqual([`d:close:${appeal.id}`, "m"]);
    expect(fx.decided.slice(decided).map((decidedAppeal) => [decidedAppeal.id, decidedAppeal.status])).toEqual([[appeal.id, "answered"]]);

    const stored = await appealOf(appeal.id);
    expect(stored).toMatchObject({ status: "answered", version: 1, pendingOutbox: 1 });
    expect(stored.history.at(-1)).toMatchObject({ event: "answered", status: "answered", text: kazakhAnswer, attachments: [act, photo], actor: { type: "official", officialId: plainA.id, agencyId: A } });
    expect(stored.outbox).toEqual([{ id: `${appeal.id}-n1`, notice: "answered", historyIndex: 1, createdAt: monday }]);
  });

  it("calls a second confirmation stale and sends nothing more", async () => {
    const decided = fx.decided.length;
    const replies = await desk(plainA).press("ok");
    expect(textsOf(replies)).toEqual(["Бұл әрекет аяқталған немесе тоқтатылған."]);
    expect(fx.decided.length).toBe(decided);
    expect((await appealOf(appeal.id)).version).toBe(1);
  });

  it("does not warn a Russian official answering a Russian appeal in Russian", async () => {
    const russianAppeal = await seed(A, "ru");
    await desk(plainA2).press(`d:answer:${russianAppeal.id}`);
    expect(textsOf(await desk(plainA2).text(russianAnswer))).toEqual([preview("ru", "answer", russianAppeal.id, russianAnswer)]);
    const english = "Dear citizen, the hot water supply was restored on 28 November.";
    expect((await desk(plainA2).text(english))[0]?.text).toContain("⚠ Похоже, текст для заявителя написан не на казахском и не на языке обращения (русский).");
    expect(textsOf(await desk(plainA2).command("cancel"))).toEqual(["Отменено."]);
  });
});

describe("asking for clarification", () => {
  it("refuses files, then sends the question", async () => {
    const appeal = await seed(A, "kk");
    expect(textsOf(await desk(plainA).press(`d:clarify:${appeal.id}`))).toEqual([`№ ${appeal.id} өтініш бойынша өтініш берушіге сұрағыңызды жазыңыз:`]);
    const file = await desk(plainA).media({ kind: "photo", channel: "telegram-admin", fileId: "p" });
    expect(textsOf(file)).toEqual(["Файлды тек жауапқа тіркеуге болады. Мәтін жазыңыз."]);
    expect(buttonsOf(file[0])).toEqual(["x"]);
    const question = "Қай подъезд екенін нақтылаңызшы?";
    expect(textsOf(await desk(plainA).text(question))).toEqual([preview("kk", "clarify", appeal.id, question)]);
    const done = await desk(plainA).press("ok");
    expect(done[0]?.text).toBe(`№ ${appeal.id} өтініш бойынша сұрақ өтініш берушіге жіберілді.`);
    const stored = await appealOf(appeal.id);
    expect(stored.status).toBe("awaiting_citizen");
    expect(stored.history.at(-1)).toMatchObject({ event: "clarification_requested", text: question });
    expect(stored.outbox.at(-1)?.notice).toBe("clarification_requested");
  });

  it("tells an official who sends a file with nothing in progress how to attach it", async () => {
    expect(textsOf(await desk(plainA2).media({ kind: "document", channel: "telegram-admin", fileId: "d" }))).toEqual([
      "Чтобы приложить файл к ответу, откройте обращение и нажмите «Ответить».",
    ]);
  });
});

describe("forwarding", () => {
  it("finds the receiving body by part of its name, names it in the preview, and returns to the inbox", async () => {
    const appeal = await seed(A, "kk");
    const sameDay = new Date("2026-11-27T15:00:00+05:00");
    const picker = await desk(plainA, sameDay).press(`d:forward:${appeal.id}`);
    expect(picker[0]?.text).toBe(`№ ${appeal.id} өтінішті қай органға жолдаймыз? Атауының бір бөлігін жазыңыз, мысалы «жол» немесе «Астана».`);
    expect(buttonsOf(picker[0])).toEqual(["x"]);

    // Typed in Russian for a Kazakh console, in any case: the names of both languages are searched.
    const found = await desk(plainA, sameDay).text("ТРАНСПОРТ");
    expect(found[0]?.text).toBe(`№ ${appeal.id} өтінішке органды таңдаңыз:`);
    expect(buttonsOf(found[0])).toEqual([`fa:${B}`, "x"]);
    expect(found[0]?.choices.find((choice) => choice.id === `fa:${B}`)?.label).toBe(agencyName(B, "kk"));
    // Two words narrow it, each the start of a word of either name; a word no body has is said so; the agency's own name never offers itself.
    expect(buttonsOf((await desk(plainA, sameDay).text("алматы транспорт"))[0])).toEqual([`fa:${B}`, "x"]);
    expect(buttonsOf((await desk(plainA, sameDay).text("энерг алм"))[0])).toEqual(["fa:almaty_energy_department", "x"]);
    expect(buttonsOf((await desk(plainA, sameDay).text("жол"))[0])).toContain(`fa:${B}`);
    expect(textsOf(await desk(plainA, sameDay).text("ғарыш"))).toEqual(["Атауында «ғарыш» бар орган анықтамалықта жоқ. Басқаша жазыңыз:"]);
    expect(buttonsOf((await desk(plainA, sameDay).text(agencyName(A, "ru")))[0])).not.toContain(`fa:${A}`);
    const many = await desk(plainA, sameDay).text("әкімдігі");
    expect(many[0]?.text).toMatch(/^Сәйкес органдар: \d+, алғашқы 8 көрсетілді\./);
    expect(buttonsOf(many[0])).toHaveLength(9);

    expect(textsOf(await desk(plainA, sameDay).press(`fa:${B}`))).toEqual([
      `«${agencyName(B, "kk")}» органына жолдаймыз. Мәселе неге оның құзыретінде екенін жазыңыз (мұны өтініш беруші көреді):`,
    ]);
    const reason = "Мәселе көше жөндеуіне қатысты.";
    const shown = await desk(plainA, sameDay).text(reason);
    expect(textsOf(shown)).toEqual([preview("kk", "forward", appeal.id, reason, [], { agency: agencyName(B, "kk") })]);
    expect(shown[0]?.text.startsWith(`№ ${appeal.id} өтінішті құзыреті бойынша «${agencyName(B, "kk")}» органына жолдау.`)).toBe(true);
    const refused = fx.refused.length;
    const done = await desk(plainA, sameDay).press("ok");
    expect(done[0]?.text).toBe(`№ ${appeal.id} өтініш құзыреті бойынша жолданды. Өтініш берушіге хабарланды.`);
    // No longer the sender's to see: the inbox follows, not "not found", and no refusal is logged.
    expect(done[1]?.text.startsWith("Кіріс өтініштер: Алматы қаласының әкімдігі\n")).toBe(true);
    expect(done[1]?.screen).toBe(false);
    expect(refusedSince(refused)).toEqual([]);

    const stored = await appealOf(appeal.id);
    expect(stored).toMatchObject({ status: "forwarded", agencyId: B, assignedOfficialId: null });
    expect(stored.history.at(-1)).toMatchObject({ event: "forwarded", fromAgencyId: A, toAgencyId: B, reason });
    const theirs = await desk(plainB).text(appeal.id);
    expect(theirs[0]?.text.startsWith(`№ ${appeal.id} — құзыреті бойынша келді\n`)).toBe(true);
    // The sender's official is named with their role, though they work in another agency; no internal id shows.
    expect(theirs[0]?.text).toContain(" · құзыреті бойынша жолданды · Ерлан Сапаров (орындаушы)\n");
    expect(theirs[0]?.text).not.toContain("telegram:");
    expect(buttonsOf(theirs[0])).toContain(`d:take:${appeal.id}`);
  });

  it("warns when the 3-working-day forwarding term has passed", async () => {
    const appeal = await seed(A, "ru");
    // Received Friday 27 November: the term's last day is Wednesday 2 December.
    const lastDay = new Date("2026-12-02T17:00:00+05:00");
    const ask = `В какой орган направить обращение № ${appeal.id}? Напишите часть его названия, например «транспорт» или «Астана».`;
    expect((await desk(plainA2, lastDay).press(`d:forward:${appeal.id}`))[0]?.text).toBe(ask);
    const late = new Date("2026-12-03T10:00:00+05:00");
    const picker = await desk(plainA2, late).press(`d:forward:${appeal.id}`);
    expect(picker[0]?.text).toBe(
      `${ask}\n⚠ Срок направления по компетенции (3 рабочих дня с поступления) уже истёк. Направьте как можно скорее.`,
    );
    expect((await desk(plainA2, late).press(`c:${appeal.id}`))[0]?.text).toContain("Срок направления по компетенции (3 рабочих дня) уже истёк.");
    expect((await desk(plainA2, lastDay).press(`c:${appeal.id}`))[0]?.text).not.toContain("Срок направления по компетенции");
  });

  it("refuses forwarding to the agency's own self, even through a forged button", async () => {
    const appeal = await seed(A, "kk");
    await desk(plainA).press(`d:forward:${appeal.id}`);
    await desk(plainA).press(`fa:${A}`);
    await desk(plainA).text("Өзімізге");
    const count = fx.refused.length;
    const replies = await desk(plainA).press("ok");
    expect(replies[0]?.text).toBe("Өтініш қазірдің өзінде осы органда.");
    expect(refusedSince(count)).toMatchObject([{ appealId: appeal.id, decision: "forward", reason: "same_agency" }]);
    expect((await appealOf(appeal.id)).version).toBe(0);
  });
});

describe("extending the term", () => {
  let appeal: Appeal;

  beforeAll(async () => {
    appeal = await seed(A, "ru");
  });

  it("lets a supervisor take the appeal and offers the extension", async () => {
    const taken = await desk(headA).press(`d:take:${appeal.id}`);
    expect(taken[0]?.text).toBe(`Обращение № ${appeal.id} у Вас в работе. Заявитель уведомлён.`);
    expect(buttonsOf(taken[1])).toEqual([
      `d:answer:${appeal.id}`,
      `d:clarify:${appeal.id}`,
      `d:forward:${appeal.id}`,
      `d:reject:${appeal.id}`,
      `d:extend:${appeal.id}`,
      `d:reassign:${appeal.id}`,
      "m",
    ]);
    expect(taken[1]?.text).toContain("Исполнитель: Асель Нурланова");
  });

  it("checks the new date's format, that it is later, and the two-month limit", async () => {
    const ask = await desk(headA).press(`d:extend:${appeal.id}`);
    expect(textsOf(ask)).toEqual([`Текущий срок по обращению № ${appeal.id}: 21.12.2026. Напишите новый срок в виде ДД.ММ.ГГГГ, не позднее 21.02.2027:`]);
    const badFormat = "Напишите дату в виде ДД.ММ.ГГГГ, например 25.12.2026.";
    for (const typed of ["завтра", "31.02.2027", "15.01.27", "2027/01/15", ""]) expect(textsOf(await desk(headA).text(typed)), typed).toEqual([badFormat]);
    expect(textsOf(await desk(headA).text("22.02.2027"))).toEqual(["Продлить можно не более чем на два месяца: не позднее 21.02.2027."]);
    expect(textsOf(await desk(headA).text("21.12.2026"))).toEqual(["Новый срок должен быть позже текущего (21.12.2026)."]);
  });

  it("warns about a date that is not a working day", async () => {
    // Saturday 9 January 2027.
    expect(fx.calendar.isWorkingDay("2027-01-09")).toBe(false);
    expect(textsOf(await desk(headA).text("9.1.2027"))).toEqual(["Новый срок: 09.01.2027. Напишите причину продления (это увидит заявитель):\nОбратите внимание: это нерабочий день."]);
    expect(textsOf(await desk(headA).command("cancel"))).toEqual(["Отменено."]);
  });

  it("extends to a valid date with a reason", async () => {
    const newDate = addWorkingDaysAfter(fx.calendar, "2026-12-21", 15);
    await desk(headA).press(`d:extend:${appeal.id}`);
    expect(textsOf(await desk(headA).text(newDate.typed))).toEqual([`Новый срок: ${newDate.typed}. Напишите причину продления (это увидит заявитель):`]);
    const reason = "Нужна проверка на месте с участием подрядчика.";
    const extension = await desk(headA).text(reason);
    expect(textsOf(extension)).toEqual([preview("ru", "extend", appeal.id, reason, [], { date: newDate.typed })]);
    expect(extension[0]?.text.startsWith(`Продление срока по обращению № ${appeal.id} до ${newDate.typed}.`)).toBe(true);
    const done = await desk(headA).press("ok");
    expect(done[0]?.text).toBe(`Срок по обращению № ${appeal.id} продлён. Заявитель уведомлён.`);
    expect(done[1]?.text).toContain(`Срок ответа: ${newDate.typed}`);
    const stored = await appealOf(appeal.id);
    expect(stored).toMatchObject({ status: "extended", deadline: newDate.iso, termDeadline: "2026-12-21" });
    expect(stored.history.at(-1)).toMatchObject({ event: "extended", reason, deadline: newDate.iso });
  });

  it("does not offer the extension to a plain official, and refuses one forged by them", async () => {
    const other = await seed(A, "kk");
    await decideDirectly(fx, other.id, { type: "take" }, plainA, friday);
    const card = await desk(plainA).press(`c:${other.id}`);
    expect(buttonsOf(card[0])).toEqual([`d:answer:${other.id}`, `d:clarify:${other.id}`, `d:forward:${other.id}`, `d:reject:${other.id}`, "m"]);

    await desk(plainA).press(`d:extend:${other.id}`);
    await desk(plainA).text("15.01.2027");
    await desk(plainA).text("Сараптама қажет.");
    const count = fx.refused.length;
    const replies = await desk(plainA).press("ok");
    expect(replies[0]?.text).toBe("Мұны тек басшы немесе жүйе әкімшісі жасай алады.");
    expect(refusedSince(count)).toEqual([{ appealId: other.id, decision: "extend", actor: { type: "official", officialId: plainA.id, agencyId: A }, reason: "role_required" }]);
    expect(await appealOf(other.id)).toMatchObject({ status: "in_progress", deadline: "2026-12-21", version: 1 });
  });
});

describe("rejecting", () => {
  it("asks for the legal ground, then the comment, and rejects; the appeal can then be closed", async () => {
    const appeal = await seed(A, "ru");
    const picker = await desk(plainA2).press(`d:reject:${appeal.id}`);
    expect(picker[0]?.text).toBe(`Основание для оставления обращения № ${appeal.id} без рассмотрения:`);
    expect(picker[0]?.choices).toEqual([
      { id: "rr:anonymous", label: "Анонимное обращение" },
      { id: "rr:repeat_without_new_arguments", label: "Повторное, без новых доводов" },
      { id: "rr:outside_administrative_procedure", label: "Вне административной процедуры" },
      { id: "rr:court_decision_exists", label: "Есть решение суда" },
      { id: "rr:abusive_content", label: "Содержит оскорбления" },
      { id: "rr:other_legal_ground", label: "Иное основание по закону" },
      { id: "x", label: "Отмена" },
    ]);
    expect(textsOf(await desk(plainA2).text("Оскорбления"))).toEqual(["Сначала выберите основание кнопкой выше."]);
    expect(textsOf(await desk(plainA2).press("rr:abusive_content"))).toEqual(["Основание: Содержит оскорбления. Поясните решение для заявителя:"]);
    const comment = "Обращение содержит нецензурные выражения.";
    const rejection = await desk(plainA2).text(comment);
    expect(textsOf(rejection)).toEqual([preview("ru", "reject", appeal.id, comment, [], { reason: "Содержит оскорбления" })]);
    expect(rejection[0]?.text.startsWith(`Оставление обращения № ${appeal.id} без рассмотрения. Основание: Содержит оскорбления.`)).toBe(true);
    const done = await desk(plainA2).press("ok");
    expect(done[0]?.text).toBe(`Обращение № ${appeal.id} оставлено без рассмотрения. Заявитель уведомлён.`);
    expect(done[1]?.text).toContain("Содержит оскорбления: Обращение содержит нецензурные выражения.");
    expect(buttonsOf(done[1])).toEqual([`d:close:${appeal.id}`, "m"]);
    const stored = await appealOf(appeal.id);
    expect(stored.status).toBe("rejected");
    expect(stored.history.at(-1)).toMatchObject({ event: "rejected", reason: "abusive_content", text: comment });

    // Closing is asked once: nothing changes until it is confirmed.
    const closing = await desk(plainA2).press(`d:close:${appeal.id}`);
    expect(textsOf(closing)).toEqual([`Закрыть обращение № ${appeal.id}? Заявитель получит уведомление о закрытии, и действий по обращению больше не будет.`]);
    expect(closing[0]?.choices).toEqual([{ id: "ok", label: "Закрыть обращение" }, { id: "x", label: "Отмена" }]);
    expect((await appealOf(appeal.id)).status).toBe("rejected");
    const closed = await desk(plainA2).press("ok");
    expect(closed[0]?.text).toBe(`Обращение № ${appeal.id} закрыто.`);
    expect(buttonsOf(closed[1])).toEqual(["m"]);
    expect((await appealOf(appeal.id)).status).toBe("closed");
    await desk(plainA2).press(`d:close:${appeal.id}`);
    const again = await desk(plainA2).press("ok");
    expect(again[0]?.text).toBe("Сейчас это сделать нельзя: обращение в статусе «закрыто».");
  });

  it("refuses a reason button when no refusal is in progress", async () => {
    expect(textsOf(await desk(plainA2).press("rr:anonymous"))).toEqual(["Это действие уже завершено или отменено."]);
  });
});

describe("reassigning", () => {
  it("lets a supervisor hand a taken appeal to an active colleague", async () => {
    const appeal = await seed(A, "kk");
    await decideDirectly(fx, appeal.id, { type: "take" }, plainA, friday);
    const plainCard = await desk(plainA).press(`c:${appeal.id}`);
    expect(buttonsOf(plainCard[0])).not.toContain(`d:reassign:${appeal.id}`);
    const card = await desk(headA).press(`c:${appeal.id}`);
    expect(buttonsOf(card[0])).toContain(`d:reassign:${appeal.id}`);
    expect(card[0]?.text).toContain("Исполнитель: Ерлан Сапаров");

    const picker = await desk(headA).press(`d:reassign:${appeal.id}`);
    expect(picker[0]?.text).toBe(`Кому передать обращение № ${appeal.id}?`);
    const offered = buttonsOf(picker[0]);
    expect(offered).toContain(`ra:${plainA2.id}`);
    expect(offered).toContain(`ra:${headA.id}`);
    expect(offered).not.toContain(`ra:${plainA.id}`);
    expect(offered).not.toContain(`ra:${switchedOffA.id}`);
    expect(offered).not.toContain(`ra:${plainB.id}`);
    expect(offered.at(-1)).toBe("x");
    expect(picker[0]?.choices.find((choice) => choice.id === `ra:${plainA2.id}`)?.label).toBe("Иван Петров");

    const done = await desk(headA).press(`ra:${plainA2.id}`);
    expect(done[0]?.text).toBe(`Исполнитель обращения № ${appeal.id} назначен.`);
    expect(done[1]?.text).toContain("Исполнитель: Иван Петров");
    const stored = await appealOf(appeal.id);
    expect(stored).toMatchObject({ status: "in_progress", assignedOfficialId: plainA2.id });
    expect(stored.history.at(-1)).toMatchObject({ event: "reassigned", officialId: plainA2.id });
    expect(stored.outbox).toHaveLength(1);
  });

  it("refuses a forged assignee from another agency or deactivated", async () => {
    const appeal = await seed(A, "kk");
    for (const assignee of [plainB.id, switchedOffA.id, "telegram:404"]) {
      await desk(headA).press(`d:reassign:${appeal.id}`);
      const count = fx.refused.length;
      const replies = await desk(headA).press(`ra:${assignee}`);
      expect(replies[0]?.text, assignee).toBe("Этому сотруднику нельзя назначить обращение.");
      expect(refusedSince(count)).toMatchObject([{ appealId: appeal.id, decision: "reassign", reason: "invalid_assignee" }]);
    }
    expect(await appealOf(appeal.id)).toMatchObject({ assignedOfficialId: null, version: 0 });
  });

  it("refuses a reassignment forged by a plain official", async () => {
    const appeal = await seed(A, "kk");
    await desk(plainA).press(`d:reassign:${appeal.id}`);
    const replies = await desk(plainA).press(`ra:${plainA.id}`);
    expect(replies[0]?.text).toBe("Мұны тек басшы немесе жүйе әкімшісі жасай алады.");
    expect(await appealOf(appeal.id)).toMatchObject({ assignedOfficialId: null, version: 0 });
  });
});

describe("invitations", () => {
  it("lets a supervisor invite only officials into their agency; the code onboards someone", async () => {
    const screen = await desk(headA).command("invite");
    expect(screen[0]?.text).toBe("Пригласить в «Акимат города Алматы» сотрудника с ролью:");
    expect(screen[0]?.choices).toEqual([
      { id: `iv:official:${A}`, label: "исполнитель" },
      { id: "m", label: "📥 Входящие" },
    ]);
    const issued = await desk(headA).press(`iv:official:${A}`);
    const text = issued[0]?.text ?? "";
    const code = /^Код приглашения \(исполнитель\): ([A-Z0-9]{12})\n/.exec(text)?.[1] ?? "";
    expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{12}$/);
    expect(text).toBe(
      `Код приглашения (исполнитель): ${code}\nДействует один раз, до 07.12.2026 10:00. Сотрудник отправляет боту: /start ${code}\nhttps://t.me/estu_admin_test_bot?start=${code}`,
    );

    const newcomer = new Desk(fx, "telegram:6000000001", monday, "Гүлнар Тоқтарова");
    const welcome = await newcomer.command("start", code);
    expect(welcome[0]?.text).toBe(fx.t("kk", "onboarding.welcome", { name: "Гүлнар Тоқтарова", role: "орындаушы", agency: "Алматы қаласының әкімдігі" }));
    expect(await fx.store.officials.get("telegram:6000000001")).toMatchObject({ agencyId: A, role: "official", active: true });
    const reused = await new Desk(fx, "telegram:6000000002", monday, "Other").command("start", code);
    expect(textsOf(reused)).toEqual([fx.t("kk", "onboarding.code_used")]);
  });

  it("re-checks the issuer at redemption: a code from a supervisor switched off since lets nobody in", async () => {
    const head = await putOfficial(fx, { id: "telegram:1000000020", agencyId: A, role: "supervisor", language: "kk", displayName: "Бұрынғы Басшы" });
    const issued = await desk(head).press(`iv:official:${A}`);
    const code = /([A-Z0-9]{12})\n/.exec(issued[0]?.text ?? "")?.[1] ?? "";
    expect(code).toHaveLength(12);
    await fx.store.officials.setActive(head.id, false);
    const newcomer = new Desk(fx, "telegram:6000000011", monday, "Newcomer", "ru");
    expect(textsOf(await newcomer.command("start", code))).toEqual([fx.t("ru", "onboarding.code_revoked")]);
    expect(await fx.store.officials.get("telegram:6000000011")).toBeUndefined();
  });

  it("refuses a supervisor's forged invite for a higher role or another agency", async () => {
    expect(textsOf(await desk(headA).press(`iv:supervisor:${A}`))).toEqual(["Приглашать сотрудников могут руководители (в свой орган) и администраторы."]);
    expect(textsOf(await desk(headA).press(`iv:official:${C}`))).toEqual(["Приглашать сотрудников могут руководители (в свой орган) и администраторы."]);
    expect(textsOf(await desk(headA).command("invite", C))).toEqual(["Приглашать сотрудников могут руководители (в свой орган) и администраторы."]);
    expect(textsOf(await desk(headA).command("invite", "../../etc"))).toEqual(["Органа «../../etc» нет в справочнике."]);
  });

  it("refuses a plain official", async () => {
    expect(textsOf(await desk(plainA).command("invite"))).toEqual(["Қызметкерлерді басшылар (өз органына) және жүйе әкімшілері шақыра алады."]);
    expect(textsOf(await desk(plainA).press(`iv:official:${A}`))).toEqual(["Қызметкерлерді басшылар (өз органына) және жүйе әкімшілері шақыра алады."]);
  });

  it("lets an admin invite any role into any agency, with a new code each time", async () => {
    const screen = await desk(adminA).command("invite", C);
    expect(screen[0]?.text).toBe("«Астана қаласының әкімдігі» органына қандай рөлмен қызметкер шақырамыз:");
    expect(buttonsOf(screen[0])).toEqual([`iv:official:${C}`, `iv:supervisor:${C}`, `iv:admin:${C}`, "m"]);
    const first = (await desk(adminA).press(`iv:supervisor:${C}`))[0]?.text ?? "";
    const second = (await desk(adminA).press(`iv:supervisor:${C}`))[0]?.text ?? "";
    const codeOf = (text: string) => /: ([A-Z0-9]{12})\n/.exec(text)?.[1];
    expect(first.startsWith("Шақыру коды (басшы): ")).toBe(true);
    expect(codeOf(first)).toBeDefined();
    expect(codeOf(first)).not.toBe(codeOf(second));
  });
});

describe("the officials screen", () => {
  let samat: Official;

  beforeAll(async () => {
    samat = await putOfficial(fx, { id: "telegram:1000000007", agencyId: A, role: "official", language: "kk", displayName: "Самат Әлиев" });
  });

  it("shows a supervisor the agency's officials with a toggle for each but themselves", async () => {
    const screen = await desk(headA).command("officials");
    const text = screen[0]?.text ?? "";
    expect(text.startsWith("Сотрудники органа:\n")).toBe(true);
    expect(text).toContain("• Асель Нурланова — руководитель");
    expect(text).toContain("• Самат Әлиев — исполнитель");
    expect(text).toContain("• Отключённый Сотрудник — исполнитель (доступ отключён)");
    expect(text).not.toContain("Дәурен");
    const buttons = buttonsOf(screen[0]);
    expect(buttons).toContain(`off:${samat.id}`);
    expect(buttons).toContain(`on:${switchedOffA.id}`);
    expect(buttons).not.toContain(`off:${headA.id}`);
    expect(buttons).not.toContain(`off:${plainB.id}`);
    expect(buttons.at(-1)).toBe("m");
    expect(screen[0]?.choices.find((choice) => choice.id === `off:${samat.id}`)?.label).toBe("Отключить: Самат Әлиев");
  });

  it("shows a plain official the list without toggles", async () => {
    const screen = await desk(plainA).command("officials");
    expect(screen[0]?.text.startsWith("Орган қызметкерлері:\n")).toBe(true);
    expect(screen[0]?.text).toContain("• Асель Нурланова — басшы");
    expect(buttonsOf(screen[0])).toEqual(["m"]);
  });

  it("switches an official off and on; switched off, they are refused", async () => {
    const off = await desk(headA).press(`off:${samat.id}`);
    expect(off[0]?.text.startsWith("Доступ отключён: Самат Әлиев.\n\nСотрудники органа:\n")).toBe(true);
    expect(off[0]?.text).toContain("• Самат Әлиев — исполнитель (доступ отключён)");
    expect(buttonsOf(off[0])).toContain(`on:${samat.id}`);
    expect((await fx.store.officials.get(samat.id))?.active).toBe(false);
    expect(textsOf(await desk(samat).command("menu"))).toEqual(["Өтініштерге кіру рұқсатыңыз өшірілген. Басшыңызға хабарласыңыз."]);

    const on = await desk(headA).press(`on:${samat.id}`);
    expect(on[0]?.text.startsWith("Доступ включён: Самат Әлиев.\n")).toBe(true);
    expect((await fx.store.officials.get(samat.id))?.active).toBe(true);
    expect((await desk(samat).command("menu"))[0]?.text.startsWith("Кіріс өтініштер: Алматы қаласының әкімдігі")).toBe(true);
  });

  it("refuses switching oneself off, someone of another agency, an unknown id, and anyone for a plain official", async () => {
    expect(textsOf(await desk(headA).press(`off:${headA.id}`))).toEqual(["Свой собственный доступ изменить нельзя."]);
    expect(textsOf(await desk(headA).press(`off:${plainB.id}`))).toEqual(["Управлять доступом могут руководители своего органа и администраторы."]);
    expect(textsOf(await desk(headA).press("off:telegram:404"))).toEqual(["Такого сотрудника нет."]);
    expect(textsOf(await desk(plainA).press(`off:${samat.id}`))).toEqual(["Кіру рұқсатын өз органының басшылары және жүйе әкімшілері басқара алады."]);
    expect((await fx.store.officials.get(headA.id))?.active).toBe(true);
    expect((await fx.store.officials.get(plainB.id))?.active).toBe(true);
    expect((await fx.store.officials.get(samat.id))?.active).toBe(true);
  });
});

describe("commands and other messages", () => {
  it("cancels what is in progress, and says when there is nothing", async () => {
    const appeal = await seed(A, "kk");
    expect(textsOf(await desk(plainA).command("cancel"))).toEqual(["Болдырмайтын әрекет жоқ."]);
    await desk(plainA).press(`d:answer:${appeal.id}`);
    await desk(plainA).text(kazakhAnswer);
    const cancelled = await desk(plainA).command("cancel");
    expect(textsOf(cancelled)).toEqual(["Тоқтатылды."]);
    expect(buttonsOf(cancelled[0])).toEqual(["m"]);
    expect(textsOf(await desk(plainA).press("ok"))).toEqual(["Бұл әрекет аяқталған немесе тоқтатылған."]);
    expect(textsOf(await desk(plainA).press("x"))).toEqual(["Болдырмайтын әрекет жоқ."]);
    expect(await appealOf(appeal.id)).toMatchObject({ status: "registered", version: 0 });
    expect(textsOf(await desk(plainA2).press("x"))).toEqual(["Отменять нечего."]);
  });

  it("lists the commands of each role", async () => {
    expect(textsOf(await desk(plainA).command("help"))).toEqual([
      "Командалар:\n/menu — кіріс өтініштер\n/find — өтінішті нөмірі бойынша табу\n/language — жұмыс тілі\n/cancel — басталған әрекетті болдырмау",
    ]);
    expect(textsOf(await desk(headA).command("help"))).toEqual([
      "Команды:\n/menu — входящие (и просроченные)\n/find — найти обращение по номеру\n/officials — сотрудники органа\n/invite — пригласить исполнителя\n/stats — показатели органа за месяц или период\n/language — язык работы\n/cancel — отменить начатое действие",
    ]);
    expect(textsOf(await desk(adminA).command("help"))).toEqual([fx.t("kk", "help.admin")]);
    expect(fx.t("kk", "help.admin")).toContain("/invite [орган коды]");
  });

  it("shows a supervisor their agency's figures for a period, an admin all agencies, and refuses a plain official", async () => {
    const [supervisorStats] = textsOf(await desk(headA).command("stats", "01.01.2025 31.01.2025"));
    expect(supervisorStats?.split("\n").slice(0, 4)).toEqual([
      `Показатели за 01.01.2025–31.01.2025: ${fx.reference.agencies.find((agency) => agency.id === A)?.name.ru ?? ""}`,
      "Поступило обращений: 0",
      "Ответ дан в срок: 0",
      "Ответ дан с опозданием: 0",
    ]);
    const [adminStats] = textsOf(await desk(adminA).command("stats"));
    expect(adminStats).toMatch(/^\d\d\.\d\d\.\d{4}–\d\d\.\d\d\.\d{4} аралығындағы көрсеткіштер: барлық органдар\nТүскен өтініштер: [1-9]\d*/);
    expect(textsOf(await desk(headA).command("stats", "31.01.2025 01.01.2025"))).toEqual(["Напишите /stats для текущего месяца или /stats 01.11.2026 30.11.2026 для периода."]);
    expect(textsOf(await desk(plainA).command("stats"))).toEqual(["Мұны тек басшы немесе жүйе әкімшісі жасай алады."]);
  });

  it("answers an unknown command, a sticker and a stray text", async () => {
    expect(textsOf(await desk(plainA).command("delete_everything"))).toEqual(["Белгісіз команда. /help — командалар тізімі."]);
    expect(textsOf(await desk(plainA2).command("foo", "bar"))).toEqual(["Неизвестная команда. /help — список команд."]);
    expect(textsOf(await desk(plainA).sticker())).toEqual(["Бот мұндай хабарды өңдемейді. Мәтін, фото немесе құжат жіберіңіз."]);
    expect(textsOf(await desk(plainA2).sticker())).toEqual(["Такое сообщение бот не обрабатывает. Используйте текст, фото или документ."]);
    expect(textsOf(await desk(plainA2).text("Добрый день"))).toEqual(["Чтобы найти обращение, напишите его номер (например ALA-2026-000042) или откройте входящие."]);
  });

  it("keeps what is in progress across a sticker", async () => {
    const appeal = await seed(A, "kk");
    await desk(plainA).press(`d:answer:${appeal.id}`);
    await desk(plainA).sticker();
    expect(textsOf(await desk(plainA).text(kazakhAnswer))).toEqual([preview("kk", "answer", appeal.id, kazakhAnswer)]);
    await desk(plainA).command("cancel");
  });

  it("switches the working language", async () => {
    const asked = await desk(plainA).command("language");
    expect(textsOf(asked)).toEqual(["Жұмыс тілін таңдаңыз:"]);
    expect(asked[0]?.choices).toEqual([
      { id: "lg:kk", label: "Қазақша" },
      { id: "lg:ru", label: "Русский" },
    ]);
    const russian = await desk(plainA).press("lg:ru");
    expect(russian[0]?.text).toBe("Язык работы: русский.");
    expect(russian[1]?.text.startsWith("Входящие: Акимат города Алматы\n")).toBe(true);
    expect((await fx.store.officials.get(plainA.id))?.language).toBe("ru");
    expect((await desk(plainA).press("lg:kk"))[0]?.text).toBe("Жұмыс тілі: қазақ тілі.");
    expect((await fx.store.officials.get(plainA.id))?.language).toBe("kk");
  });

  it("names the citizen's files on the card (a photo has no name) and sends them with a way back to the card", async () => {
    const photo = { kind: "photo", channel: "telegram", fileId: "citizen-photo" } as const;
    const bill = { kind: "document", channel: "telegram", fileId: "citizen-bill", fileName: "Түбіртек, қараша.pdf" } as const;
    const appeal = await seedAppeal(fx, friday, { agencyId: A, language: "kk", text: kazakhText, attachments: [photo, bill] });
    const card = await desk(plainA).press(`c:${appeal.id}`);
    expect(card[0]?.text).toContain("Өтініш берушінің файлдары: 2 — Түбіртек, қараша.pdf\n");
    expect(card[0]?.choices.at(-2)).toEqual({ id: `f:${appeal.id}`, label: "📎 Файлдарды көрсету (2)" });
    const files = await desk(plainA).press(`f:${appeal.id}`);
    expect(files).toEqual([
      {
        text: `№ ${appeal.id} өтініштің файлдары (2):`,
        choices: [{ id: `c:${appeal.id}`, label: "‹ Өтінішке оралу" }],
        attachments: [photo, bill],
        unavailable: "⚠ Бұл файл жіберілген мессенджерде енді қолжетімсіз.",
      } satisfies AdminReply,
    ]);
  });
});

describe("an update handled while another process writes the same session", () => {
  /**
   * The real session store, except that the next load of `id` is followed at once by
   * a real write of the same session, as another process handling another update of
   * the same official would do: the console's save then loses the version check.
   */
  function interleaved(sessions: OfficialSessionStore): { store: OfficialSessionStore; arm: (id: string) => void } {
    let armed: string | undefined;
    return {
      arm: (id) => {
        armed = id;
      },
      store: {
        save: (session) => sessions.save(session),
        load: async (id) => {
          const loaded = await sessions.load(id);
          if (armed === id) {
            armed = undefined;
            await sessions.save(loaded ?? { id, pending: null, handledKeys: [], version: 0 });
          }
          return loaded;
        },
      },
    };
  }

  it("still decides once", async () => {
    const appeal = await seed(A, "kk");
    const sessions = interleaved(fx.store.officialSessions);
    const contended = new AdminConsole({ ...fx.deps, officialSessions: sessions.store });
    const official = await putOfficial(fx, { id: "telegram:7000000001", agencyId: A, role: "official", language: "kk", displayName: "Әсем" });
    const officialDesk = new Desk({ console: contended }, official.id, monday);
    await officialDesk.press(`d:answer:${appeal.id}`);
    await officialDesk.text(kazakhAnswer);
    const decided = fx.decided.length;
    sessions.arm(official.id);
    await officialDesk.press("ok");
    const stored = await appealOf(appeal.id);
    expect(stored.status).toBe("answered");
    expect(stored.history.filter((entry) => entry.event === "answered")).toHaveLength(1);
    expect(fx.decided.length).toBe(decided + 1);
  });

  // The step runs once: when another process saved the session meanwhile, only the save is retried.
  it("tells the official the decision they took was taken", async () => {
    const appeal = await seed(A, "kk");
    const sessions = interleaved(fx.store.officialSessions);
    const contended = new AdminConsole({ ...fx.deps, officialSessions: sessions.store });
    const official = await putOfficial(fx, { id: "telegram:7000000002", agencyId: A, role: "official", language: "kk", displayName: "Әлия" });
    const officialDesk = new Desk({ console: contended }, official.id, monday);
    await officialDesk.press(`d:answer:${appeal.id}`);
    await officialDesk.text(kazakhAnswer);
    sessions.arm(official.id);
    const replies = await officialDesk.press("ok");
    expect(replies[0]?.text).toBe(`№ ${appeal.id} өтінішке жауап өтініш берушіге жіберілді.`);
  });

  // Likewise for onboarding: the code redeemed by the step is not redeemed again.
  it("welcomes a newcomer whose code was redeemed on the first attempt", async () => {
    await putInvite(fx, { code: "RACE23456789", agencyId: A, role: "official", createdAt: friday, expiresAt: new Date("2026-12-04T10:00:00+05:00") });
    const sessions = interleaved(fx.store.officialSessions);
    const contended = new AdminConsole({ ...fx.deps, officialSessions: sessions.store });
    sessions.arm("telegram:7000000003");
    const replies = await new Desk({ console: contended }, "telegram:7000000003", monday, "Бекзат").command("start", "RACE23456789");
    expect(await fx.store.officials.get("telegram:7000000003")).toMatchObject({ agencyId: A, active: true });
    expect(replies[0]?.text).toBe(fx.t("kk", "onboarding.welcome", { name: "Бекзат", role: "орындаушы", agency: "Алматы қаласының әкімдігі" }));
  });
});

describe("what the console shows and keeps (issue 15, item 9)", () => {
  it("names officials in the history and as assignee by name and role, and links the location to a map", async () => {
    const appeal = await seedAppeal(fx, friday, { agencyId: A, language: "ru", text: russianText, location: { latitude: 43.238949, longitude: 76.889709 } });
    await decideDirectly(fx, appeal.id, { type: "take" }, headA, friday);
    const card = (await desk(plainA2).press(`c:${appeal.id}`))[0]?.text ?? "";
    expect(card).toContain("Исполнитель: Асель Нурланова (руководитель)");
    expect(card).toContain("27.11.2026 10:00 · принято в работу · Асель Нурланова (руководитель)");
    expect(card).toContain("Геолокация: https://www.openstreetmap.org/?mlat=43.23895&mlon=76.88971#map=17/43.23895/76.88971");
    expect(card).not.toMatch(/telegram:|simulator:/);
  });

  it("warns about the language of every text the citizen will read, not only answers", async () => {
    const appeal = await seed(A, "kk");
    const warning = fx.t("kk", "compose.language_warning_kk", { language: "қазақ тілі" });
    await desk(plainA).press(`d:clarify:${appeal.id}`);
    expect((await desk(plainA).text("Уточните, пожалуйста, номер подъезда."))[0]?.text).toContain(warning);
    await desk(plainA).press(`d:reject:${appeal.id}`);
    await desk(plainA).press("rr:abusive_content");
    expect((await desk(plainA).text("Обращение содержит нецензурные выражения."))[0]?.text).toContain(warning);
    expect((await desk(plainA).text("Өтініште балағат сөздер бар."))[0]?.text).not.toContain("⚠");
    await desk(plainA).press(`d:forward:${appeal.id}`);
    await desk(plainA).press(`fa:${B}`);
    expect((await desk(plainA).text("Вопрос относится к ремонту дорог."))[0]?.text).toContain(warning);
    await desk(headA).press(`d:take:${appeal.id}`);
    await desk(headA).press(`d:extend:${appeal.id}`);
    await desk(headA).text("15.01.2027");
    const russianWarning = fx.t("ru", "compose.language_warning_kk", { language: "казахский" });
    expect((await desk(headA).text("We need an expert assessment of the building."))[0]?.text).toContain(russianWarning);
    await desk(headA).command("cancel");
    await desk(plainA).command("cancel");
  });

  it("drops what was in progress on /start or when another appeal's number is typed", async () => {
    const appeal = await seed(A, "kk");
    const other = await seed(A, "kk");
    await desk(plainA).press(`d:answer:${appeal.id}`);
    const reloaded = await desk(plainA).command("start");
    expect(reloaded[0]?.text.startsWith("Кіріс өтініштер:")).toBe(true);
    expect(textsOf(await desk(plainA).text(kazakhAnswer))).toEqual([fx.t("kk", "input.text_without_action")]);
    expect(textsOf(await desk(plainA).press("ok"))).toEqual(["Бұл әрекет аяқталған немесе тоқтатылған."]);

    await desk(plainA).press(`d:answer:${appeal.id}`);
    const opened = await desk(plainA).text(other.id);
    expect(opened[0]?.text.startsWith(`№ ${other.id} — жаңа\n`)).toBe(true);
    expect(textsOf(await desk(plainA).text(kazakhAnswer))).toEqual([fx.t("kk", "input.text_without_action")]);
    expect((await appealOf(appeal.id)).version).toBe(0);
  });

  it("does not send officials to a command line from /stats", async () => {
    const [figures] = textsOf(await desk(headA).command("stats"));
    expect(figures).not.toMatch(/npm|cli|--from/);
    expect(figures).toContain("оператор Estu");
  });
});

describe("the card's delivery lines", () => {
  it("tells the official which notice went without files the channel no longer had", async () => {
    const appeal = await seed(A, "ru");
    await decideDirectly(fx, appeal.id, { type: "take" }, plainA, monday);
    const answered = await decideDirectly(fx, appeal.id, { type: "answer", text: russianAnswer, attachments: [] }, plainA, monday);
    const entry = answered.outbox[1];
    if (!entry) throw new Error("no answer notice");
    await fx.store.appeals.markOutbox(appeal.id, 1, entry.id, { deliveredAt: monday, unavailableFiles: 2 });
    const card = await desk(plainA).press(`c:${appeal.id}`);
    expect(card[0]?.text).toContain(fx.t("kk", "card.files_unavailable", { notice: fx.t("kk", "notice_name.answered"), count: 2 }));
  });
});

describe("the simulator's demo supervisor", () => {
  it("is kept out of the agency's officials, so nobody assigns to or alerts it", async () => {
    await putOfficial(fx, { id: "simulator:demo-akimat_shymkent_city", agencyId: D, role: "supervisor", language: "kk", displayName: "Demo" });
    const real = await putOfficial(fx, { id: "telegram:1000000030", agencyId: D, role: "official", language: "kk", displayName: "Шымкент Қызметкері" });
    const listed = (await fx.store.officials.listByAgency(D)).map((official) => official.id);
    expect(listed).toContain(real.id);
    expect(listed.filter((id) => id.startsWith("simulator:"))).toEqual([]);
  });
});
