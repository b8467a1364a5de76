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
  it("says the agency routing finds without asking, and takes a whole button label typed at the summary", () => {
    const chat = consentedChat("ru");
    chat.press("new_appeal");
    chat.text("Во дворе не убирают снег вторую неделю.");
    chat.text("готово");
    for (const payload of ["complaint", "utilities", "astana_city"]) chat.press(payload);
    expect(said(chat.press("esil"))).toEqual(["appeal:agency_routed", "appeal:ask_full_name"]);
    chat.text("Петров Иван");
    chat.text("900101400003");
    chat.send({ type: "contact", phone: "77011234567", own: true });
    expect(said(chat.text("Астана, ул. Сарайшык 5"))).toEqual(["appeal:summary"]);
    expect(said(chat.text("Всё верно, отправляю"))).toEqual(["submit_appeal", "menu:prompt"]);
  });

  it("keeps a map point shared at the files step beside the files, and 'готово' goes on", () => {
    const chat = consentedChat("ru");
    chat.press("new_appeal");
    chat.text("Во дворе не убирают снег вторую неделю.");
    expect(said(chat.send({ type: "location", latitude: 51.1282, longitude: 71.4307 }))).toEqual(["common:hint.location_received"]);
    expect(said(chat.text("готово"))).toEqual(["appeal:ask_kind"]);
    expect(chat.conversation?.data["location"]).toEqual({ latitude: 51.1282, longitude: 71.4307 });
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
