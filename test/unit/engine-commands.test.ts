import { describe, expect, it } from "vitest";
import type { Language } from "../../src/core/appeal/appeal.js";
import type { Inbound } from "../../src/core/inbound.js";
import type { Conversation } from "../../src/core/ports/conversation-store.js";
import type { Effect } from "../../src/engine/effects.js";
import type { GlobalCommand } from "../../src/engine/global-commands.js";
import { resumeAfterMs, step } from "../../src/engine/step.js";
import { shippedEngine } from "../support/engine-fixture.js";
import {
  messageKey,
  atReport,
  button,
  chatId,
  consentPrompt,
  conversationAt,
  hint,
  InlineChat,
  kindPrompt,
  languagePrompt,
  menuPrompt,
  now,
  press,
  reportInputNodes,
  reportPrompt,
  reportStateAt,
  reportSummaryParams,
  run,
  sent,
  text,
  whichFieldPrompt,
} from "../support/engine-inline.js";

type InputNode = (typeof reportInputNodes)[number];

/** The question at `nodeId` for a citizen at that point of the appeal. */
const promptAt = (nodeId: InputNode, lng: Language): Effect => reportPrompt(nodeId, reportStateAt(nodeId).data, lng, reportSummaryParams(lng));

const pickLanguagePrompt = sent("welcome:pick_language", { choices: [button("kk", "language:kk"), button("ru", "language:ru")] });
const cancelQuestion = sent("common:cancel_question", { choices: [button("discard", "common:choice.discard"), button("keep", "common:choice.keep")] });
const resumeQuestion = sent("common:resume.question", { choices: [button("continue", "common:choice.continue"), button("restart", "common:choice.restart")] });

// Each command as a Kazakh speaker and a Russian speaker would type it, and as a button.
const spellings: Readonly<Record<GlobalCommand, Readonly<Record<Language, readonly string[]>> & { payload: string }>> = {
  menu: { kk: ["мәзір", "МӘЗІР", "Басты мәзір", "мазир"], ru: ["меню", "Меню.", "/menu", "главное меню"], payload: "g:menu" },
  back: { kk: ["артқа", "Кері"], ru: ["назад", "/back"], payload: "g:back" },
  cancel: { kk: ["бас тарту", "болдырмау", "тоқтату"], ru: ["отмена", "Стоп"], payload: "g:cancel" },
  language: { kk: ["тіл", "Тілді ауыстыру"], ru: ["язык", "сменить язык"], payload: "g:language" },
  help: { kk: ["көмек", "?"], ru: ["помощь", "/help"], payload: "g:help" },
};

/** What follows a command given at `conversation`, which waits at `nodeId` in `lng`. */
function expected(command: GlobalCommand, nodeId: InputNode, conversation: Conversation, lng: Language): { effects: Effect[]; conversation: Conversation } {
  const menu = conversationAt("menu", "main", { language: lng });
  switch (command) {
    case "menu":
      return { effects: [menuPrompt], conversation: menu };
    case "cancel":
      // With answers so far the citizen is asked first; at the first question there is nothing to lose.
      if (Object.keys(conversation.data).length > 0) return { effects: [cancelQuestion], conversation: { ...conversation, pending: "cancel" } };
      return { effects: [sent("common:cancelled"), menuPrompt], conversation: menu };
    case "language":
      // With answers so far the language changes in place; at the first question there is nothing to keep.
      if (Object.keys(conversation.data).length > 0) return { effects: [languagePrompt], conversation: { ...conversation, pending: "language" } };
      return { effects: [languagePrompt], conversation: conversationAt("language", "pick", { language: lng }) };
    case "help":
      return { effects: [sent("common:help"), promptAt(nodeId, lng)], conversation };
    case "back": {
      const previous = conversation.trail.at(-1) as InputNode | undefined;
      if (!previous) return { effects: [menuPrompt], conversation: menu };
      return {
        effects: [reportPrompt(previous, conversation.data, lng, reportSummaryParams(lng))],
        conversation: { ...conversation, nodeId: previous, trail: conversation.trail.slice(0, -1) },
      };
    }
  }
}

describe("global commands at every question of a flow", () => {
  for (const nodeId of reportInputNodes) {
    describe(`at ${nodeId}`, () => {
      for (const command of Object.keys(spellings) as GlobalCommand[]) {
        it(command, () => {
          for (const lng of ["kk", "ru"] as const) {
            const conversation = atReport(nodeId, { language: lng });
            const want = expected(command, nodeId, conversation, lng);
            const inputs: Inbound[] = [...spellings[command][lng].map(text), press(spellings[command].payload)];
            for (const inbound of inputs) {
              const result = run(conversation, inbound);
              expect(result.effects, `${JSON.stringify(inbound)} in ${lng}`).toEqual(want.effects);
              expect(result.conversation, `${JSON.stringify(inbound)} in ${lng}`).toEqual(want.conversation);
            }
          }
        });
      }
    });
  }
});

describe("global commands, more", () => {
  it("changes the language in the middle of a journey and asks the same question again, keeping the answers", () => {
    const chat = new InlineChat();
    chat.conversation = atReport("text", { language: "kk" });
    expect(chat.text("язык")).toEqual([languagePrompt]);
    expect(chat.text("бла-бла")).toEqual([sent("common:hint.choose"), languagePrompt]);
    expect(chat.text("Русский")).toEqual([{ type: "set_language", language: "ru" }, sent("language:changed"), reportPrompt("text", {}, "ru")]);
    expect(chat.conversation).toMatchObject({ flowId: "report", nodeId: "text", language: "ru", pending: null, data: reportStateAt("text").data });
  });

  it("'back' at the first question of a flow goes to the menu", () => {
    expect(run(conversationAt("lookup", "number"), text("артқа")).effects).toEqual([menuPrompt]);
  });

  it("'back' walks back one question at a time, keeping the answers", () => {
    const chat = new InlineChat();
    chat.conversation = atReport("region");
    expect(chat.text("назад")).toEqual([reportPrompt("category", {}, "ru")]);
    expect(chat.text("назад")).toEqual([kindPrompt]);
    expect(chat.conversation?.data).toEqual(reportStateAt("region").data);
    expect(chat.text("назад")).toEqual([menuPrompt]);
  });

  it("'help' at the summary's field list repeats the field list", () => {
    const list = atReport("summary", { page: 1 });
    expect(run(list, text("помощь")).effects).toEqual([sent("common:help"), whichFieldPrompt]);
  });

  it("'cancel' with answers so far deletes them only when the citizen confirms; 'no' asks the same question again", () => {
    const chat = new InlineChat();
    chat.conversation = atReport("region");
    expect(chat.text("отмена")).toEqual([cancelQuestion]);
    expect(chat.text("2")).toEqual([reportPrompt("region", {}, "ru")]);
    expect(chat.conversation?.data).toEqual(reportStateAt("region").data);
    expect(chat.text("отмена")).toEqual([cancelQuestion]);
    expect(chat.press("discard")).toEqual([sent("common:cancelled"), menuPrompt]);
    expect(chat.conversation).toMatchObject({ flowId: "menu", data: {} });
  });

  it("'cancel' in the menu just shows the menu", () => {
    expect(run(conversationAt("menu", "main"), text("отмена")).effects).toEqual([menuPrompt]);
  });

  it("an unknown g: button is no command", () => {
    expect(run(atReport("text"), press("g:nothing")).effects).toEqual([hint("common:hint.text_expected"), promptAt("text", "ru")]);
  });
});

describe("a flow that changed", () => {
  it("restarts politely from the menu when the conversation began on another version", () => {
    const old = atReport("text", { flowVersion: 2 });
    const { conversation, effects } = run(old, text("Во дворе нет света третий день"));
    expect(effects).toEqual([sent("common:flow_changed"), menuPrompt]);
    expect(conversation).toEqual(conversationAt("menu", "main"));
  });

  it("restarts from the menu when the flow is gone, even on a command", () => {
    expect(run(conversationAt("retired", "ask", { flowVersion: 1 }), text("назад")).effects).toEqual([sent("common:flow_changed"), menuPrompt]);
  });

  it("restarts with the welcome when no language was chosen yet", () => {
    const { effects } = run(conversationAt("welcome", "pick_language", { flowVersion: 0, language: null }), text("Қазақша"));
    expect(effects).toEqual([sent("common:flow_changed"), sent("welcome:greeting", { params: {} }), pickLanguagePrompt]);
  });
});

describe("a draft left for more than a day", () => {
  const dayAgo = new Date(now.getTime() - resumeAfterMs);
  const stale = atReport("text", { updatedAt: new Date(dayAgo.getTime() - 60_000) });
  const asked = run(stale, text("Во дворе нет света третий день")).conversation;

  it("asks whether to continue or start again, instead of taking the message as the answer", () => {
    const { conversation, effects } = run(stale, text("Во дворе нет света третий день"));
    expect(effects).toEqual([resumeQuestion]);
    expect(conversation).toEqual({ ...stale, pending: "resume", updatedAt: now });
  });

  it.each([press("continue"), text("1"), text("1."), text("Продолжить"), text("жалғастыру")])("continues on %j with the same question", (inbound) => {
    const { conversation, effects } = run(asked, inbound);
    expect(effects).toEqual([promptAt("text", "ru")]);
    expect(conversation).toEqual(atReport("text"));
  });

  it.each([press("restart"), text("2"), text("2)"), text("Начать заново"), text("басынан бастау")])("starts the flow again on %j", (inbound) => {
    const { conversation, effects } = run(asked, inbound);
    expect(effects).toEqual([sent("report:intro", { params: {} }), kindPrompt]);
    expect(conversation).toEqual(conversationAt("report", "kind"));
  });

  it("asks again on any other answer", () => {
    const { conversation, effects } = run(asked, press("utilities"));
    expect(effects).toEqual([hint("common:hint.choose"), resumeQuestion]);
    expect(conversation).toEqual(asked);
  });

  it("keeps the appeal a button opened the flow for when starting again", () => {
    const opened = conversationAt("follow", "comment", { data: { number: "ALA-2026-000042" }, updatedAt: new Date(dayAgo.getTime() - 1) });
    const question = run(opened, text("Спасибо")).conversation;
    const { conversation, effects } = run(question, press("restart"));
    expect(effects).toEqual([{ type: "action", action: "show_appeal", input: { number: "ALA-2026-000042", page: 0 } }, sent("follow:comment")]);
    expect(conversation).toEqual(conversationAt("follow", "comment", { data: { number: "ALA-2026-000042" } }));
  });

  it("does not ask after exactly a day, in the menu, or with nothing saved", () => {
    expect(run(atReport("text", { updatedAt: dayAgo }), text("Во дворе нет света третий день")).effects).toEqual([promptAt("full_name", "ru")]);
    expect(run(conversationAt("menu", "main", { updatedAt: new Date(0) }), text("1")).effects).toEqual([sent("report:intro", { params: {} }), kindPrompt]);
    expect(run(atReport("kind", { updatedAt: new Date(0) }), text("1")).effects).toEqual([promptAt("category", "ru")]);
  });

  it("lets a global command through", () => {
    expect(run(asked, text("меню")).effects).toEqual([menuPrompt]);
  });
});

describe("go: buttons", () => {
  const atText = atReport("text");

  it("opens an entry flow about the appeal in the button", () => {
    const { conversation, effects } = run(atText, press("go:follow:ALA-2026-000042"));
    expect(effects).toEqual([{ type: "action", action: "show_appeal", input: { number: "ALA-2026-000042", page: 0 } }, sent("follow:comment")]);
    expect(conversation).toEqual(conversationAt("follow", "comment", { data: { number: "ALA-2026-000042" } }));
  });

  it("opens an entry flow without a number", () => {
    expect(run(atText, press("go:lookup")).conversation).toEqual(conversationAt("lookup", "number"));
  });

  it("asks for consent first when the flow needs it", () => {
    expect(run(atReport("text", { consented: false }), press("go:report")).effects).toEqual([sent("common:consent.required"), consentPrompt]);
  });

  it.each(["go:nowhere:ALA-2026-000042", "go:consent", "go:menu", "go:follow:ALA-26-42", "go:follow:", "go:", "go:follow:ALA-2026-000042-1"])("refuses the forged %j and asks the same question", (payload) => {
    const { conversation, effects } = run(atText, press(payload));
    expect(effects).toEqual([hint("common:hint.unknown_button"), promptAt("text", "ru")]);
    expect(conversation).toEqual(atText);
  });
});

describe("what the engine cannot read", () => {
  it.each([...reportInputNodes])("a sticker at %s gets a hint and the same question", (nodeId) => {
    const conversation = atReport(nodeId);
    const result = run(conversation, { type: "unsupported", what: "sticker" });
    expect(result.effects).toEqual([hint("common:hint.unsupported"), promptAt(nodeId, "ru")]);
    expect(result.conversation).toEqual(conversation);
  });
});

describe("start", () => {
  it("goes to the menu from anywhere, draft or not", () => {
    const { conversation, effects } = run(atReport("text", { updatedAt: new Date(0) }), { type: "start" });
    expect(effects).toEqual([menuPrompt]);
    expect(conversation).toEqual(conversationAt("menu", "main"));
  });

  it("goes to the welcome when no language was chosen yet", () => {
    const waiting = conversationAt("welcome", "pick_language", { language: null, consented: false, data: { languageHint: "none" } });
    const { conversation, effects } = run(waiting, { type: "start" });
    expect(effects).toEqual([sent("welcome:greeting", { params: {} }), pickLanguagePrompt]);
    expect(conversation).toEqual({ ...waiting, data: {} });
  });
});

describe("a brand-new conversation", () => {
  const fresh = { id: chatId, flowId: "welcome", flowVersion: 1, startedBy: messageKey, trail: [], returnTo: null, returnAt: null, page: 0, language: null, consented: false, pending: null, handledKeys: [], updatedAt: now, version: 0 };

  it.each([
    ["kk-KZ", "kk", sent("welcome:confirm_kk", { choices: [button("kk", "welcome:keep_kk"), button("ru", "welcome:switch_ru")] }), "confirm_kk"],
    ["ru", "ru", sent("welcome:confirm_ru", { choices: [button("ru", "welcome:keep_ru"), button("kk", "welcome:switch_kk")] }), "confirm_ru"],
    ["en", "none", pickLanguagePrompt, "pick_language"],
    [undefined, "none", pickLanguagePrompt, "pick_language"],
  ] as const)("with language hint %j starts the welcome", (languageHint, hinted, prompt, nodeId) => {
    const { conversation, effects } = run(undefined, text("Сәлем"), { sender: { languageHint } });
    expect(effects).toEqual([sent("welcome:greeting", { params: { languageHint: hinted } }), prompt]);
    expect(conversation).toEqual({ ...fresh, nodeId, data: { languageHint: hinted } });
  });

  it("goes through language and consent to the menu", () => {
    const chat = new InlineChat({ languageHint: "kk" });
    chat.send({ type: "start" });
    expect(chat.text("Иә, қазақша")).toEqual([{ type: "set_language", language: "kk" }, consentPrompt]);
    expect(chat.text("келісемін")).toEqual([{ type: "action", action: "record_consent", input: {} }, sent("consent:thanks", { params: { answer: "agree" } }), menuPrompt]);
    expect(chat.conversation).toMatchObject({ flowId: "menu", language: "kk", consented: true, version: 3 });
  });
});

describe("an appeal draft begun on an older version of the shipped flow", () => {
  it("starts the new version with the description and files already given, not from the menu", async () => {
    const engine = await shippedEngine();
    const photo = { kind: "photo", channel: "telegram", fileId: "AgAD-1" };
    const old = conversationAt("new_appeal", "location", {
      flowVersion: 2,
      consented: true,
      data: { text: "Во дворе третий день нет света, подъезд тёмный.", attachments: [photo], kind: "complaint" },
    });
    const { conversation, effects } = step(engine.context(new Date("2026-11-27T10:00:00+05:00")), old, { type: "text", text: "пропустить" }, chatId);
    const keys = effects.flatMap((effect) => (effect.type === "send" && "key" in effect.message.text ? [effect.message.text.key] : []));
    expect(keys).toEqual(["common:flow_changed", "common:hint.text_carried", "appeal:ask_media"]);
    expect(conversation).toMatchObject({ flowId: "new_appeal", nodeId: "media", data: { text: "Во дворе третий день нет света, подъезд тёмный.", carriedMedia: [photo] } });
  });
});
