import { describe, expect, it } from "vitest";
import type { Outbound } from "../../src/core/outbound.js";
import { joinReplies, maxJoinedLength } from "../../src/dialogue/join-replies.js";

const thanks: Outbound = { text: "Рахмет! Келісіміңіз алынды.", choices: [] };
const menu: Outbound = { text: "Не істегіңіз келеді?", choices: [{ id: "new_appeal", label: "Жаңа өтініш" }], listedChoices: 0 };
const file = { kind: "document", channel: "telegram", fileId: "f1", fileName: "акт.pdf" } as const;

describe("joinReplies", () => {
  it("joins a plain text to the question after it, which keeps its buttons", () => {
    expect(joinReplies([thanks, menu])).toEqual([{ ...menu, text: "Рахмет! Келісіміңіз алынды.\n\nНе істегіңіз келеді?" }]);
  });

  it("joins a run of plain texts into one", () => {
    expect(joinReplies([thanks, thanks, { text: "Соңы.", choices: [] }])).toEqual([{ text: `${thanks.text}\n\n${thanks.text}\n\nСоңы.`, choices: [] }]);
  });

  it("never joins anything after a message with buttons, a request or files", () => {
    const request: Outbound = { text: "Нөміріңіз?", choices: [], request: { kind: "contact", label: "📱 Нөмірді жіберу" } };
    const withFiles: Outbound = { text: "Жауап.", choices: [], attachments: [file] };
    for (const first of [menu, request, withFiles]) expect(joinReplies([first, thanks])).toEqual([first, thanks]);
  });

  it("joins a plain text to a message with files, whose files still come after the joined text", () => {
    const withFiles: Outbound = { text: "Жауап.", choices: [], attachments: [file] };
    expect(joinReplies([thanks, withFiles])).toEqual([{ ...withFiles, text: `${thanks.text}\n\nЖауап.` }]);
  });

  it("keeps two messages apart when together they would not fit in one", () => {
    const long: Outbound = { text: "а".repeat(maxJoinedLength - 10), choices: [] };
    expect(joinReplies([long, menu])).toEqual([long, menu]);
    const fits: Outbound = { text: "а".repeat(maxJoinedLength - 2 - menu.text.length), choices: [] };
    expect(joinReplies([fits, menu])).toHaveLength(1);
  });

  it("keeps a message set apart (a coupon) on its own, before and after", () => {
    const coupon: Outbound = { text: "✅ Өтінішіңіз тіркелді.", choices: [] };
    expect(joinReplies([thanks, coupon, menu], new Set([coupon]))).toEqual([thanks, coupon, menu]);
  });
});
