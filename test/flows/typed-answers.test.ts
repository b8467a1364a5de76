// What people type instead of pressing buttons, on the shipped flows and texts.
import { beforeAll, describe, expect, it } from "vitest";
import { Chat, shippedEngine, type EngineFixture } from "../support/engine-fixture.js";

let engine: EngineFixture;
beforeAll(async () => {
  engine = await shippedEngine();
});

function consentedChat(language: "kk" | "ru"): Chat {
  const chat = new Chat(engine, { languageHint: language });
  chat.send({ type: "start" });
  chat.press(language);
  chat.press("agree");
  return chat;
}

const said = (effects: ReturnType<Chat["send"]>) => effects.map((effect) => (effect.type === "send" && "key" in effect.message.text ? effect.message.text.key : effect.type === "action" ? effect.action : effect.type));

describe("typed answers to the engine's own buttons", () => {
  it("takes a whole button label typed at the agency suggestion and at the summary", () => {
    const chat = consentedChat("ru");
    chat.press("new_appeal");
    chat.text("Во дворе не убирают снег вторую неделю.");
    chat.text("готово");
    for (const payload of ["complaint", "utilities", "astana_city", "esil"]) chat.press(payload);
    expect(said(chat.text("да, в этот орган"))).toEqual(["appeal:ask_location"]);
    chat.text("пропустить");
    chat.text("Петров Иван");
    chat.text("900101400003");
    chat.send({ type: "contact", phone: "77011234567", own: true });
    expect(said(chat.text("Астана, ул. Сарайшык 5"))).toEqual(["appeal:summary"]);
    expect(said(chat.text("Всё верно, отправляю"))).toEqual(["submit_appeal", "menu:prompt"]);
  });

  it("reads typed numbers on the location step as the buttons are shown: 1 is the location request, 2 skips", () => {
    const chat = consentedChat("ru");
    chat.press("new_appeal");
    chat.text("Во дворе не убирают снег вторую неделю.");
    chat.text("готово");
    for (const payload of ["complaint", "utilities", "astana_city", "esil", "yes"]) chat.press(payload);
    expect(said(chat.text("1"))).toEqual(["common:hint.location", "appeal:ask_location"]);
    expect(said(chat.text("2"))).toEqual(["appeal:ask_full_name"]);
  });

  it("accepts photos alone as a clarification when the citizen says they are done", () => {
    const chat = consentedChat("kk");
    chat.press("go:clarify:ALA-2026-000042");
    chat.send({ type: "media", attachment: { kind: "photo", channel: "telegram", fileId: "P1" } });
    const effects = chat.text("Дайын");
    expect(effects[0]).toEqual({
      type: "action",
      action: "submit_clarification",
      input: { number: "ALA-2026-000042", clarification: "", attachments: [{ kind: "photo", channel: "telegram", fileId: "P1" }] },
      done: "clarify:sent",
    });
  });

  it("reads a Latin i as the Kazakh і in commands and labels", () => {
    const chat = consentedChat("kk");
    expect(said(chat.text("тiл"))).toEqual(["language:prompt"]);
    chat.press("kk");
    expect(said(chat.text("Менiң өтiнiштерiм"))).toEqual(["list_appeals", "mine:ask_number"]);
  });
});
