import { describe, expect, it } from "vitest";
import { matchNumberedReply, maxPartLength, renderOutbound } from "../../src/adapters/whatsapp/render-outbound.js";
import type { Outbound } from "../../src/core/outbound.js";

const kinds: Outbound["choices"] = [
  { id: "complaint", label: "Шағым" },
  { id: "proposal", label: "Ұсыныс" },
  { id: "request", label: "Өтініш" },
];

describe("renderOutbound", () => {
  it("sends a text without choices as it is", () => {
    expect(renderOutbound({ text: "Өтінішіңіз тіркелді: ALA-2026-000123.", choices: [] })).toEqual(["Өтінішіңіз тіркелді: ALA-2026-000123."]);
  });

  it("numbers the choices under the text", () => {
    expect(renderOutbound({ text: "Өтініш түрін таңдаңыз:", choices: kinds })).toEqual(["Өтініш түрін таңдаңыз:\n\n1. Шағым\n2. Ұсыныс\n3. Өтініш"]);
  });

  it("does not list again the choices the text already lists with their hints, and numbers the rest after them", () => {
    const text = "Санатты таңдаңыз:\n1. Шағым — құқығым бұзылды\n2. Ұсыныс — жақсарту туралы";
    const choices = [...kinds.slice(0, 2), { id: "p:next", label: "Тағы ›" }];
    expect(renderOutbound({ text, choices, listedChoices: 2 })).toEqual([`${text}\n\n3. Тағы ›`]);
    expect(matchNumberedReply("3", choices)).toBe("p:next");
    expect(renderOutbound({ text, choices: kinds.slice(0, 2), listedChoices: 2 })).toEqual([text]);
  });

  it("turns a location request into line 1 with its label and the way through the attachment menu, the choices after it", () => {
    const rendered = renderOutbound({ text: "Орынды көрсетіңіз.", choices: [{ id: "skip", label: "Өткізіп жіберу" }], request: { kind: "location", label: "📍 Геолокацияны жіберу" } });
    expect(rendered).toEqual(["Орынды көрсетіңіз.\n\n1. 📍 Геолокацияны жіберу: 📎 → 📍\n2. Өткізіп жіберу"]);
  });

  it("turns a contact request into a line pointing at the contact card", () => {
    expect(renderOutbound({ text: "Нөміріңіз?", choices: [], request: { kind: "contact", label: "📱 Нөмірді жіберу" } })).toEqual(["Нөміріңіз?\n\n📱 Нөмірді жіберу: 📎 → 👤"]);
  });

  it("adds no markup of its own and keeps the text's characters", () => {
    const text = "Мекенжай: көше_1, *үй* 5";
    expect(renderOutbound({ text, choices: [{ id: "ok", label: "Иә" }] })[0]).toBe(`${text}\n\n1. Иә`);
  });

  it("splits a long text at line breaks into parts of at most the limit, with the menu whole on the last", () => {
    const paragraph = "Жауап мәтіні. ".repeat(40).trim();
    const text = Array.from({ length: 30 }, () => paragraph).join("\n");
    const parts = renderOutbound({ text, choices: kinds });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(maxPartLength);
    expect(parts.slice(0, -1).every((part) => !part.includes("1. Шағым"))).toBe(true);
    expect(parts.at(-1)?.endsWith("1. Шағым\n2. Ұсыныс\n3. Өтініш")).toBe(true);
    // Nothing is lost but the line breaks the parts were cut at.
    expect(parts.join("\n")).toBe(`${text}\n\n1. Шағым\n2. Ұсыныс\n3. Өтініш`);
  });

  it("puts the menu in a part of its own when it does not fit under the text", () => {
    const text = "а".repeat(maxPartLength - 5);
    expect(renderOutbound({ text, choices: kinds })).toEqual([text, "1. Шағым\n2. Ұсыныс\n3. Өтініш"]);
  });

  it("cuts a text with no spaces at the limit without splitting an emoji", () => {
    const text = `${"б".repeat(maxPartLength - 1)}😀${"в".repeat(10)}`;
    const parts = renderOutbound({ text, choices: [] });
    expect(parts).toEqual([`${"б".repeat(maxPartLength - 1)}`, `😀${"в".repeat(10)}`]);
  });
});

describe("matchNumberedReply", () => {
  it.each([
    ["2", "proposal"],
    [" 2. ", "proposal"],
    ["1", "complaint"],
    ["3.", "request"],
    ["ұсыныс", "proposal"],
    ["  ӨТІНІШ ", "request"],
  ])("selects by %j", (reply, id) => {
    expect(matchNumberedReply(reply, kinds)).toBe(id);
  });

  it.each(["0", "4", "2)", "12", "шағым жазғым келеді", ""])("selects nothing for %j", (reply) => {
    expect(matchNumberedReply(reply, kinds)).toBeUndefined();
  });
});
