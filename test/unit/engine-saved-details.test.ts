import { describe, expect, it } from "vitest";
import type { Applicant } from "../../src/core/appeal/appeal.js";
import type { Inbound } from "../../src/core/inbound.js";
import type { Conversation } from "../../src/core/ports/conversation-store.js";
import { flowSchema } from "../../src/engine/flow-schema.js";
import { maskIin } from "../../src/core/iin.js";
import { step } from "../../src/engine/step.js";
import type { FlowSet } from "../../src/engine/step-context.js";
import { button, context, conversationAt, flows, hint, press, sent, text } from "../support/engine-inline.js";

/** The applicant's part of an appeal: the saved details offered first, then the questions one by one. */
const details = flowSchema.parse({
  id: "details",
  version: 1,
  start: "saved",
  nodes: {
    saved: { type: "saved_details", prompt: "details:saved", use: "check", next: "full_name" },
    full_name: { type: "ask", prompt: "details:full_name", save_as: "fullName", validate: "full_name", next: "iin" },
    iin: { type: "ask", prompt: "details:iin", save_as: "iin", validate: "iin", next: "check" },
    check: { type: "summary", prompt: "details:check", fields: [{ label: "details:name", field: "fullName", edit: "full_name" }], next: "done" },
    done: { type: "say", text: "details:done" },
  },
});
const flowSet: FlowSet = { ...flows, details };

const saved: Applicant = { fullName: "Серікова Айгүл", iin: "900101300017", phone: "+77011234567", postalAddress: "Алматы, Абай даңғылы 10" };

function run(conversation: Conversation, inbound: Inbound, savedApplicant: Applicant | undefined = saved) {
  return step({ ...context(undefined, {}, flowSet), savedApplicant }, conversation, inbound, conversation.id);
}

const atSaved = conversationAt("details", "saved", { flowVersion: 1 });
const offer = sent("details:saved", {
  params: { fullName: "Серікова Айгүл", iin: "********0017", phone: "+77011234567", postalAddress: "Алматы, Абай даңғылы 10" },
  choices: [button("use", "common:choice.use_saved"), button("other", "common:choice.enter_other")],
});
const check = (fullName: string) =>
  sent("details:check", {
    params: { fullName, iin: maskIin(saved.iin), phone: saved.phone, postalAddress: saved.postalAddress },
    choices: [button("confirm", "common:choice.confirm"), button("edit", "common:choice.edit")],
  });

describe("saved_details", () => {
  it("offers the saved details with the IIN masked but for its last 4 digits", () => {
    const back = run(conversationAt("details", "full_name", { flowVersion: 1, trail: ["saved"] }), text("назад"));
    expect(back.effects).toEqual([offer]);
    expect(back.conversation.nodeId).toBe("saved");
  });

  it.each([press("use"), text("1"), text("иә"), text("Да")])("on %j fills name, IIN, phone and address and goes to `use`", (inbound) => {
    const { conversation, effects } = run(atSaved, inbound);
    expect(effects).toEqual([check(saved.fullName)]);
    expect(conversation.nodeId).toBe("check");
    expect(conversation.data).toEqual({ fullName: saved.fullName, iin: saved.iin, phone: saved.phone, postalAddress: saved.postalAddress });
    expect(conversation.trail).toEqual(["saved"]);
  });

  it.each([press("other"), text("2"), text("другие"), text("басқа")])("on %j asks the details one by one, keeping nothing saved", (inbound) => {
    const { conversation, effects } = run(atSaved, inbound);
    expect(effects).toEqual([sent("details:full_name")]);
    expect(conversation.nodeId).toBe("full_name");
    expect(conversation.data).toEqual({});
  });

  it("asks again on anything else", () => {
    const { conversation, effects } = run(atSaved, text("может быть"));
    expect(effects).toEqual([hint("common:hint.choose"), offer]);
    expect(conversation).toEqual(atSaved);
  });

  it("with nothing saved asks nothing: the first question of the details, and 'back' does not land on the offer", () => {
    // A menu that leads straight into the details, as a new appeal leads to them.
    const viaMenu: FlowSet = { ...flowSet, menu: flowSchema.parse({ id: "menu", version: 1, start: "go", nodes: { go: { type: "goto", flow: "details" } } }) };
    const entered = step({ ...context(undefined, {}, viaMenu), savedApplicant: undefined }, conversationAt("details", "iin"), text("меню"), "telegram:100");
    expect(entered.effects).toEqual([sent("details:full_name")]);
    expect(entered.conversation.nodeId).toBe("full_name");
    expect(entered.conversation.trail).toEqual([]);
  });

  it("keeps the summary's edits: a name changed after using the saved details goes back to the summary", () => {
    const used = run(atSaved, press("use")).conversation;
    const editing = run(run(used, press("edit")).conversation, press("e0")).conversation;
    const edited = run(editing, text("Серікова Айгүл Қанатқызы"));
    expect(edited.effects).toEqual([check("Серікова Айгүл Қанатқызы")]);
  });
});

describe("maskIin", () => {
  it("shows only the last 4 digits", () => {
    expect(maskIin("900101300017")).toBe("********0017");
  });
});
