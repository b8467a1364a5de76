// The dialogue end to end on the real MongoDB-wire server: the shipped flows and
// texts, the core use cases and the Mongo store, driven message by message.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Inbound } from "../../src/core/inbound.js";
import type { RefusedEvent } from "../../src/core/use-cases/decide-on-appeal.js";
import { decideOnAppeal } from "../../src/core/use-cases/decide-on-appeal.js";
import { submitAppeal } from "../../src/core/use-cases/submit-appeal.js";
import { DialogueService } from "../../src/dialogue/dialogue-service.js";
import { consentVersion, type DialogueDeps } from "../../src/dialogue/dialogue-deps.js";
import type { Outbound } from "../../src/core/outbound.js";
import { submissionInProgress } from "../../src/core/ports/appeal-repository.js";
import { MongoAppealRepository } from "../../src/store/mongo-appeal-repository.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedEngine } from "../support/engine-fixture.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const friday = new Date("2026-11-27T10:15:00+05:00");
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;
let deps: DialogueDeps;
let service: DialogueService;
const refused: RefusedEvent[] = [];

beforeAll(async () => {
  database = await openTestDatabase("dialogue");
  store = await openMongoStore(database.connection);
  const [engine, reference, calendar] = await Promise.all([shippedEngine(), shippedReferenceData(), shippedCalendar()]);
  await seedReferenceData(database.connection, reference);
  deps = {
    ...store,
    flows: Object.fromEntries(engine.flows.map((flow) => [flow.id, flow])),
    reference,
    calendar,
    translator: engine.translator,
    onRefused: (event) => refused.push(event),
    onSubmitRefused: () => undefined,
  };
  service = new DialogueService(deps);
  await store.officials.put({ id: "telegram:900", agencyId: "almaty_energy_department", role: "official", language: "kk", displayName: "Official", active: true, createdAt: friday });
});
afterAll(() => database.drop());

/** A citizen's chat: each message gets the next message id, as Telegram would give. */
class Citizen {
  private messageId = 0;
  constructor(readonly chat: string, private readonly hint: string) {}

  async send(inbound: Inbound, at = friday): Promise<Outbound[]> {
    this.messageId += 1;
    return service.handle(this.envelope(inbound, at, this.messageId));
  }

  envelope(inbound: Inbound, at: Date, messageId: number) {
    return { key: `${this.chat}:${messageId}`, citizenId: this.chat, channel: "telegram", inbound, sender: { languageHint: this.hint }, receivedAt: at };
  }

  text = (text: string) => this.send({ type: "text", text });
  press = (payload: string) => this.send({ type: "choice", payload });
}

const texts = (replies: Outbound[]) => replies.map((reply) => reply.text).join("\n---\n");

async function fileAppeal(citizen: Citizen, language: "kk" | "ru") {
  await citizen.send({ type: "start" });
  await citizen.press(language);
  await citizen.press("agree");
  await citizen.press("new_appeal");
  await citizen.text(language === "kk" ? "Үйімізде үш күннен бері ыстық су жоқ, Абай 10." : "В доме третий день нет горячей воды, Абая 10.");
  await citizen.send({ type: "media", attachment: { kind: "photo", channel: "telegram", fileId: `photo-${citizen.chat}` } });
  await citizen.press("done");
  await citizen.press("complaint");
  await citizen.press("utilities");
  await citizen.press("almaty_city");
  await citizen.press("almaly");
  await citizen.text(language === "kk" ? "Серікова Айгүл" : "Петров Иван");
  await citizen.text("900101400003");
  await citizen.send({ type: "contact", phone: "+7 701 123 45 67", own: true });
  await citizen.text(language === "kk" ? "Алматы, Абай даңғылы 10, 5-пәтер" : "Алматы, пр. Абая 10, кв. 5");
}

describe("dialogue service", () => {
  it("registers a Kazakh appeal and confirms it with the coupon only after storing it", async () => {
    const citizen = new Citizen("telegram:501", "kk");
    await fileAppeal(citizen, "kk");
    const confirm = await citizen.press("confirm");
    const coupon = confirm[0]?.text ?? "";
    const number = /№ (ALEN-2026-\d{6})/.exec(coupon)?.[1];
    expect(number, coupon).toBeDefined();
    const stored = await store.appeals.get(number ?? "");
    expect(stored).toMatchObject({ citizenId: "telegram:501", language: "kk", agencyId: "almaty_energy_department", districtId: "almaly", kind: "complaint", status: "registered" });
    expect(stored?.attachments).toEqual([{ kind: "photo", channel: "telegram", fileId: "photo-telegram:501" }]);
    expect(coupon).toBe(
      `✅ Өтінішіңіз тіркелді.\nТалон № ${number}, 27.11.2026, 10:15.\nОрган: Алматы қаласы Энергетика және сумен жабдықтау басқармасы.\nEstu өтінішті осы органның атынан қабылдады.\nЗаң бойынша жауап мерзімі: 21.12.2026.`,
    );
    expect(confirm[1]?.choices.map((choice) => choice.id)).toEqual(["new_appeal", "my_appeals", "help", "language", "forget_me"]);
    expect((await store.citizens.get("telegram:501"))?.applicant).toMatchObject({ fullName: "Серікова Айгүл", phone: "+77011234567" });
  });

  it("handles a redelivered message once: no second appeal; twins answer once, a later redelivery gets the same answer again", async () => {
    const citizen = new Citizen("telegram:502", "ru");
    await fileAppeal(citizen, "ru");
    const confirm = citizen.envelope({ type: "choice", payload: "confirm" }, friday, 1_000);
    const [first, second] = await Promise.all([service.handle(confirm), service.handle(confirm)]);
    const replies = [first, second].filter((reply) => reply.length > 0);
    expect(replies).toHaveLength(1);
    // The process may have died after saving the turn and before sending: the redelivery answers again.
    expect(await service.handle(confirm)).toEqual(replies[0]);
    const count = await database.connection.collection("appeals").countDocuments({ citizenId: "telegram:502" });
    expect(count).toBe(1);
    expect(replies[0]?.[0]?.text).toMatch(/^✅ Ваше обращение зарегистрировано\.\nТалон № ALEN-2026-\d{6} от 27\.11\.2026, 10:15\./);
  });

  it("answers every redelivered step with what it answered the first time, without moving the dialogue again", async () => {
    const citizen = new Citizen("telegram:561", "kk");
    await citizen.send({ type: "start" });
    await citizen.press("kk");
    await citizen.press("agree");
    const step = citizen.envelope({ type: "choice", payload: "new_appeal" }, friday, 3_001);
    const answered = await service.handle(step);
    const before = await store.conversations.load("telegram:561");
    expect(answered.length).toBeGreaterThan(0);
    expect(await service.handle(step)).toEqual(answered);
    expect((await store.conversations.load("telegram:561"))?.nodeId).toBe(before?.nodeId);
  });

  it("stores nothing of a citizen before their consent, then the citizen with their language, and later changes of it", async () => {
    const citizen = new Citizen("telegram:571", "ru");
    await citizen.send({ type: "start" });
    await citizen.press("kk");
    expect(await store.citizens.get("telegram:571")).toBeUndefined();
    await citizen.press("agree");
    expect(await store.citizens.get("telegram:571")).toMatchObject({ channel: "telegram", language: "kk", consent: { at: friday, version: consentVersion }, applicant: null });
    await citizen.text("тіл");
    await citizen.press("ru");
    expect((await store.citizens.get("telegram:571"))?.language).toBe("ru");
  });

  it("keeps a plain text apart from the next question while a contact button may be on screen, so it can take the button away", async () => {
    const citizen = new Citizen("telegram:572", "ru");
    await citizen.send({ type: "start" });
    await citizen.press("ru");
    await citizen.press("agree");
    await citizen.press("new_appeal");
    await citizen.text("В доме третий день нет горячей воды, Абая 10.");
    for (const payload of ["done", "complaint", "utilities", "almaty_city", "almaly"]) await citizen.press(payload);
    await citizen.text("Петров Иван");
    // The phone question shows the contact button; the citizen cancels the draft instead.
    const asked = await citizen.text("900101400003");
    expect(asked.some((reply) => reply.request?.kind === "contact"), JSON.stringify(asked)).toBe(true);
    expect((await citizen.text("отмена"))[0]?.choices.length).toBeGreaterThan(0);
    const cancelled = await citizen.press("discard");
    expect(cancelled.map((reply) => reply.choices.length > 0)).toEqual([false, true]);
    // With no such button left, the next plain text and question arrive as one message.
    await citizen.press("new_appeal");
    expect(await citizen.text("отмена")).toHaveLength(1);
  });

  it("shows the coupon again when the submitted summary's confirm is tapped once more", async () => {
    const citizen = new Citizen("telegram:562", "ru");
    await fileAppeal(citizen, "ru");
    const coupon = (await citizen.press("confirm"))[0];
    expect(coupon?.text).toMatch(/^✅ /);
    expect(await citizen.press("confirm")).toEqual([coupon]);
    expect(await database.connection.collection("appeals").countDocuments({ citizenId: "telegram:562" })).toBe(1);
  });

  it("fails the turn, telling nothing, while another attempt may still be storing the appeal; the retry shows its coupon", async () => {
    const citizen = new Citizen("telegram:563", "kk");
    await fileAppeal(citizen, "kk");
    const draftKey = (await store.conversations.load("telegram:563"))?.startedBy;
    const claims = database.connection.collection<{ _id: string; appealId: string | null; claimedAt: Date }>("submissions");
    // A live claim of another process, still storing the appeal.
    await claims.insertOne({ _id: `draft:${draftKey}`, appealId: null, claimedAt: new Date() });
    const impatient = new DialogueService({ ...deps, appeals: new MongoAppealRepository(database.connection, { waitMs: 100, staleMs: 60_000 }) });
    const confirm = citizen.envelope({ type: "choice", payload: "confirm" }, friday, 4_001);
    await expect(impatient.handle(confirm)).rejects.toMatchObject({ code: submissionInProgress });
    expect((await store.conversations.load("telegram:563"))?.handledKeys).not.toContain(confirm.key);
    // The other process finished; the redelivered confirm gets the coupon of its appeal.
    const stored = await submitAppeal(deps, { draft: draft({ language: "kk" }), submissionKey: "elsewhere", citizenId: "telegram:563", receivedAt: friday });
    if (!stored.ok) throw new Error(JSON.stringify(stored));
    await claims.updateOne({ _id: `draft:${draftKey}` }, { $set: { appealId: stored.appeal.id } });
    expect((await impatient.handle(confirm))[0]?.text).toContain(`№ ${stored.appeal.id}`);
  });

  it("submits one appeal when the citizen taps confirm twice (two messages at once)", async () => {
    const citizen = new Citizen("telegram:506", "kk");
    await fileAppeal(citizen, "kk");
    const tap = (id: number) => service.handle(citizen.envelope({ type: "choice", payload: "confirm" }, friday, id));
    const [first, second] = await Promise.all([tap(2_001), tap(2_002)]);
    const coupons = [...first, ...second].filter((reply) => reply.text.startsWith("✅"));
    expect(new Set(coupons.map((reply) => /№ (\S+),/.exec(reply.text)?.[1])).size).toBe(1);
    expect(await database.connection.collection("appeals").countDocuments({ citizenId: "telegram:506" })).toBe(1);
  });

  it("lists the citizen's appeals and shows the official's answer with how to contest it", async () => {
    const citizen = new Citizen("telegram:503", "ru");
    await fileAppeal(citizen, "ru");
    const coupon = texts(await citizen.press("confirm"));
    const number = /№ (\S+)/.exec(coupon)?.[1] ?? "";
    const official = { type: "official", officialId: "telegram:900", agencyId: "almaty_energy_department" } as const;
    expect((await decideOnAppeal(deps, number, { type: "take" }, official, friday)).ok).toBe(true);
    expect((await decideOnAppeal(deps, number, { type: "answer", text: "Подача горячей воды восстановлена 28.11.2026.", attachments: [] }, official, friday)).ok).toBe(true);

    const list = await citizen.press("my_appeals");
    expect(list[0]?.text).toBe(`Ваше последнее обращение:\n1. № ${number} — Дан ответ, срок 21.12.2026`);
    expect(list[0]?.choices).toEqual([{ id: `go:appeal:${number}`, label: number }, { id: "g:menu", label: "Главное меню" }]);
    // The line number typed instead of the appeal number opens the same appeal.
    expect((await citizen.text("1"))[0]?.text).toContain(`№ ${number} от 27.11.2026`);
    const details = await citizen.press(`go:appeal:${number}`);
    expect(details[0]?.text).toContain("Ответ: Подача горячей воды восстановлена 28.11.2026.");
    expect(details[0]?.text).toContain("до 27.02.2027 его можно обжаловать");
    await citizen.press("another");
    const foreign = await citizen.text("ALEN-2026-000001");
    expect(texts(foreign)).toContain("не найдено");
  });

  it("pages through a long list of the citizen's appeals", async () => {
    const citizen = new Citizen("telegram:507", "ru");
    await citizen.send({ type: "start" });
    await citizen.press("ru");
    await citizen.press("agree");
    for (let i = 0; i < 12; i++) {
      const receivedAt = new Date(friday.getTime() + i * 60_000);
      const result = await submitAppeal(deps, { draft: draft({ language: "ru" }), submissionKey: `list:${i}`, citizenId: "telegram:507", receivedAt });
      expect(result.ok).toBe(true);
    }
    const first = (await citizen.press("my_appeals"))[0];
    expect(first?.text.split("\n")[0]).toBe("Ваши последние 10 обращений:");
    expect(first?.choices.map((choice) => choice.id).slice(-2)).toEqual(["go:my_appeals:p1", "g:menu"]);
    const second = (await citizen.press("go:my_appeals:p1"))[0];
    expect(second?.text.split("\n")).toHaveLength(3);
    expect(second?.choices.map((choice) => choice.label).slice(-2)).toEqual(["‹ Предыдущие", "Главное меню"]);
    // A plain text and the question after it arrive as one message.
    expect((await citizen.press("go:my_appeals:p7"))[0]?.text.split("\n\n")[0]).toBe("Других обращений нет.");
  });

  it("takes a photo and a reply sent right after a clarification request as the clarification, and rates the answer", async () => {
    const citizen = new Citizen("telegram:504", "kk");
    await fileAppeal(citizen, "kk");
    const number = /№ (\S+),/.exec((await citizen.press("confirm"))[0]?.text ?? "")?.[1] ?? "";
    const official = { type: "official", officialId: "telegram:900", agencyId: "almaty_energy_department" } as const;
    await decideOnAppeal(deps, number, { type: "ask_clarification", question: "Кіреберіс нөмірін жазыңыз." }, official, friday);

    // No "Answer" button pressed: the citizen at the menu simply sends a photo, then the text.
    await citizen.send({ type: "media", attachment: { kind: "photo", channel: "telegram", fileId: "clarify-photo" } });
    const sent = await citizen.text("Кіреберіс 2.");
    expect(sent[0]?.text.split("\n\n")[0]).toBe(`Рахмет! Нақтылауыңыз № ${number} өтінішке қосылды.`);
    const clarified = await store.appeals.get(number);
    expect(clarified?.status).toBe("in_progress");
    expect(clarified?.history.at(-1)).toMatchObject({ event: "clarified", text: "Кіреберіс 2.", attachments: [{ kind: "photo", fileId: "clarify-photo" }] });

    const early = await citizen.press(`go:rate:${number}`);
    expect(early[0]?.choices.map((choice) => choice.id)).toEqual(["1", "2", "3", "4", "5"]);
    await citizen.text("4");
    const notYet = await citizen.press("no");
    expect(notYet[0]?.text).toContain("бағалау мүмкін емес");

    await decideOnAppeal(deps, number, { type: "answer", text: "Су қосылды.", attachments: [] }, official, friday);
    await citizen.press(`go:rate:${number}`);
    await citizen.text("1");
    await citizen.press("no");
    expect((await store.appeals.get(number))?.rating).toMatchObject({ score: 1 });
  });

  it("keeps the applicant's details with an appeal, offers them on the next appeal, and forgets them with forget-me", async () => {
    const citizen = new Citizen("telegram:591", "ru");
    await fileAppeal(citizen, "ru");
    await citizen.press("confirm");
    const saved = { fullName: "Петров Иван", iin: "900101400003", phone: "+77011234567", postalAddress: "Алматы, пр. Абая 10, кв. 5" };
    expect((await store.citizens.get("telegram:591"))?.applicant).toEqual(saved);

    // The next appeal: a description typed at the menu, taps, and the saved details in one tap.
    const nextAppeal = async () => {
      await citizen.text("Во дворе третий день не вывозят мусор, контейнеры переполнены.");
      for (const payload of ["done", "complaint", "improvement", "almaty_city"]) await citizen.press(payload);
      return texts(await citizen.press("almaly"));
    };
    expect(await nextAppeal()).toContain("Использовать данные из Вашего прошлого обращения?\nПетров Иван, ИИН ********0003, тел. +77011234567\nАдрес: Алматы, пр. Абая 10, кв. 5");
    await citizen.press("use");
    const coupon = (await citizen.press("confirm"))[0]?.text ?? "";
    const second = await store.appeals.get(/№ ([A-Z]+-2026-\d{6})/.exec(coupon)?.[1] ?? "");
    expect(second).toMatchObject({ citizenId: "telegram:591", categoryId: "improvement", applicant: saved });

    await citizen.press("forget_me");
    await citizen.press("yes");
    expect((await store.citizens.get("telegram:591"))?.applicant).toBeNull();
    // Consent is asked again, then the details one by one: nothing of the old ones is shown.
    await citizen.press("new_appeal");
    await citizen.press("agree");
    const afterForget = await nextAppeal();
    expect(afterForget).toContain("Напишите Ваши фамилию, имя и отчество:");
    expect(afterForget).not.toContain("Петров");
  });

  it("forgets a citizen's personal data after confirmation", async () => {
    const citizen = new Citizen("telegram:505", "ru");
    await fileAppeal(citizen, "ru");
    await citizen.press("confirm");
    await citizen.press("forget_me");
    const done = await citizen.press("yes");
    expect(done[0]?.text.split("\n\n")[0]).toBe("Готово: данные профиля, согласие, сохранённая переписка и файлы вне обращений удалены. Зарегистрированные обращения остаются в органе.");
    expect(await store.citizens.get("telegram:505")).toMatchObject({ applicant: null, consent: null });
    // The replies kept for redelivery held the summary with the IIN: only the forget turn's own stay.
    const conversation = await store.conversations.load("telegram:505");
    expect(conversation?.keptReplies?.map((turn) => turn.replies.map((reply) => reply.text))).toEqual([done.map((reply) => reply.text)]);
    expect(conversation?.lastCoupon ?? null).toBeNull();
    const again = await citizen.press("new_appeal");
    expect(again[0]?.text.split("\n\n")[0]).toBe("Чтобы подать обращение, нужно Ваше согласие на обработку персональных данных.");
  });
});
