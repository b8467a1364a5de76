// Property tests of the engine over the SHIPPED flows: whatever a citizen (or a broken
// client) sends, at whatever node and in whatever state, `step` answers, speaks only
// texts that exist in both languages, puts only short ASCII ids on buttons, and leaves
// the conversation at a question. A failure here is an engine bug, not a test bug.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attachmentKinds, languages, type Language } from "../../src/core/appeal/appeal.js";
import type { Inbound, SenderFacts } from "../../src/core/inbound.js";
import type { Conversation, SavedValue } from "../../src/core/ports/conversation-store.js";
import type { Effect } from "../../src/engine/effects.js";
import type { FlowNode } from "../../src/engine/flow-schema.js";
import { globalCommands } from "../../src/engine/global-commands.js";
import { textsOf } from "../../src/engine/locale-resources.js";
import { isAutoNode } from "../../src/engine/nodes/auto.js";
import { step, type StepResult } from "../../src/engine/step.js";
import { Chat, shippedEngine } from "../support/engine-fixture.js";

const engine = await shippedEngine();
const flows = Object.fromEntries(engine.flows.map((flow) => [flow.id, flow]));
const now = new Date("2026-11-27T10:00:00+05:00");
const twoDaysAgo = new Date(now.getTime() - 2 * 24 * 60 * 60 * 1000);
const conversationId = "telegram:100";

// ---- Saved data from real walks through every entry flow, to put random states on.

type Snapshot = Readonly<{ flowId: string; data: Readonly<Record<string, SavedValue>> }>;

const text = "Үйімізде үш күннен бері ыстық су жоқ, әкімдікке хабарласқанбыз.";
const media = (fileId: string, caption?: string): Inbound => ({
  type: "media",
  attachment: { kind: "photo", channel: "telegram", fileId },
  ...(caption === undefined ? {} : { caption }),
});

/** A plausible answer to `node`, varied by `variant` (which option, skip or not, edit or not). */
function answer(node: FlowNode, conversation: Conversation, last: readonly Effect[], variant: number, edited: { done: boolean }): Inbound {
  const press = (payload: string): Inbound => ({ type: "choice", payload });
  switch (node.type) {
    case "choose": {
      const choices = last.flatMap((effect) => (effect.type === "send" ? (effect.message.choices ?? []) : [])).filter((choice) => !choice.id.startsWith("p:"));
      return press(choices[variant % Math.max(1, choices.length)]?.id ?? "1");
    }
    case "ask":
      if (node.validate === "iin") return { type: "text", text: "900101400003" };
      if (node.validate === "full_name") return { type: "text", text: "Айгүл Серікова" };
      if (node.validate === "appeal_number") return { type: "text", text: "ala-2026-000042" };
      if (node.accept_media && variant % 2 === 1) return media(`clarify-${variant}`, text);
      return { type: "text", text };
    case "suggest_agency":
      return press(variant % 2 === 0 ? "yes" : "other");
    case "ask_contact":
      return { type: "contact", phone: "8 (701) 123-45-67", own: true };
    case "ask_location":
      return variant % 2 === 0 ? { type: "location", latitude: 43.238, longitude: 76.945 } : press("skip");
    case "ask_media": {
      const saved = conversation.data[node.save_as];
      return (Array.isArray(saved) ? saved.length : 0) < variant % 3 ? media(`photo-${variant}`) : press("done");
    }
    case "summary":
      if (conversation.page === 1) return press(`e${variant % node.fields.length}`);
      if (variant % 3 === 1 && !edited.done) {
        edited.done = true;
        return press("edit");
      }
      return press("confirm");
    default:
      throw new Error(`walk stopped at auto node ${node.type}`);
  }
}

/** Walks a new citizen through welcome and consent, then `payload`'s flow, keeping every saved state. */
function walk(payload: string, variant: number): Snapshot[] {
  const chat = new Chat(engine, {}, now, conversationId);
  const snapshots: Snapshot[] = [];
  const edited = { done: false };
  let last = chat.send({ type: "start" });
  let left = payload;
  for (let turn = 0; turn < 60; turn += 1) {
    const conversation = chat.conversation as Conversation;
    if (Object.keys(conversation.data).length > 0) snapshots.push({ flowId: conversation.flowId, data: conversation.data });
    if (conversation.flowId === "menu") {
      if (left === "") break;
      last = chat.press(left);
      left = "";
      continue;
    }
    const node = flows[conversation.flowId]?.nodes[conversation.nodeId];
    if (!node) throw new Error(`walk lost at ${conversation.flowId}/${conversation.nodeId}`);
    // Before the flow under test, agree to everything (but pick the language by variant).
    const inFlow = left === "";
    last = chat.send(answer(node, conversation, last, inFlow || (node.type === "choose" && conversation.flowId === "welcome") ? variant : 0, edited));
  }
  return snapshots;
}

const entries = ["go:new_appeal", "go:rate:ALA-2026-000001", "go:my_appeals", "go:clarify:ALA-2026-000001", "go:forget_me", "go:appeal:ALA-2026-000001"];
const snapshots = entries.flatMap((payload) => [0, 1, 2, 3, 4, 5].flatMap((variant) => walk(payload, variant)));
const snapshotsOf = (flowId: string) => snapshots.filter((snapshot) => snapshot.flowId === flowId).map((snapshot) => snapshot.data);

// ---- What a citizen or a client may send.

const invisible = ["\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202b", "\u202e", "\u2066", "\u2069", "\n", "\t", "\r", " ", "\u00a0", "\u3000"];
const emoji = ["😀", "👍🏽", "👨‍👩‍👧", "🇰🇿", "❤️", "\ud83d", "\udc4d", "̈"];
const numbers = ["0", "1", "2", "3", "5", "6", "9", "10", "99", "100", "999", "1000", "-1", "1e9", "+7", "1.", "2)", "0x10", "NaN", "Infinity", "٣", "１", "²"];
const words = ["меню", "Мәзір", "назад", "артқа", "отмена", "стоп", "язык", "тіл", "?", "/start", "/menu", "start", "иә", "да", "жоқ", "нет", "готово", "дайын", "пропустить", "skip", "done", "Алматы", "жалоба", "continue", "restart", "ALA-2026-000042", "900101400003", "900101400004", "Айгүл Серікова", "__proto__", "constructor"];
const labels = engine.flows.flatMap((flow) => Object.values(flow.nodes).flatMap((node) => (node.type === "choose" ? (node.options ?? []) : [])))
  .flatMap((option) => languages.map((language) => engine.translator.translate(option.label, language)));
const cyrillic = fc.constantFrom(..."абвгдеёжзийклмнопрстуфхцчшщъыьэюяәғқңөұүһіАӘБҒҚҢӨҰҮҺІ -".split(""));

const piece = fc.oneof(
  fc.constantFrom(...invisible),
  fc.constantFrom(...emoji),
  fc.constantFrom(...numbers),
  fc.constantFrom(...words, ...labels),
  fc.string({ unit: "grapheme", maxLength: 6 }),
  fc.string({ unit: "binary", maxLength: 6 }),
  fc.string({ unit: cyrillic, maxLength: 12 }),
);
const shortText = fc.array(piece, { maxLength: 6 }).map((pieces) => pieces.join(""));
/** Up to 50,000 characters: a random piece repeated (possibly cut inside a surrogate pair). */
const longText = fc.tuple(shortText.filter((piece) => piece.length > 0), fc.integer({ min: 1, max: 50_000 })).map(([piece, length]) => piece.repeat(Math.ceil(length / piece.length)).slice(0, length));
const anyText = fc.oneof({ arbitrary: shortText, weight: 8 }, { arbitrary: longText, weight: 1 });
const longCyrillic = fc.integer({ min: 65, max: 5_000 }).chain((length) => fc.string({ unit: cyrillic, minLength: length, maxLength: length }));

const flowIds = Object.keys(flows);
const referenceIds = [...engine.context(now).reference.categories, ...engine.context(now).reference.regions, ...engine.context(now).reference.agencies].map((item) => item.id);
const districtIds = engine.context(now).reference.regions.flatMap((region) => region.districts.map((district) => district.id));
const optionIds = engine.flows.flatMap((flow) => Object.values(flow.nodes).flatMap((node) => (node.type === "choose" ? (node.options ?? []).map((option) => option.id) : [])));
const engineIds = ["p:next", "p:prev", "done", "skip", "yes", "other", "use", "confirm", "edit", "s", "continue", "restart", ...Array.from({ length: 12 }, (_, index) => `e${index}`)];
const knownPayloads = [...new Set([...optionIds, ...engineIds, ...referenceIds, ...districtIds.slice(0, 20)])];
const prefixed = fc
  .tuple(
    fc.constantFrom("go:", "p:", "g:"),
    fc.oneof(
      fc.constantFrom(...flowIds, ...globalCommands, "next", "prev", "", ":", "unknown", "__proto__", "constructor", "toString"),
      fc.constantFrom(...flowIds).map((id) => `${id}:ALA-2026-000001`),
      fc.constantFrom(...flowIds).map((id) => `${id}:not-a-number`),
      fc.constantFrom(...flowIds).map((id) => `${id}:ALA-2026-000001:extra`),
      shortText,
    ),
  )
  .map(([prefix, rest]) => prefix + rest);
const payload = fc.oneof(fc.constantFrom(...knownPayloads), prefixed, longCyrillic, shortText);

const coordinate = fc.oneof(
  fc.double(),
  fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 90, -90, 90.000001, 180, -180, 180.5, 0, -0, 1e308),
  fc.double({ min: -90, max: 90, noNaN: true }),
);

const medias: fc.Arbitrary<Inbound> = fc
  .record(
    {
      kind: fc.constantFrom(...attachmentKinds),
      channel: fc.constantFrom("telegram", "whatsapp"),
      fileId: fc.string({ maxLength: 40 }),
      caption: anyText,
      mimeType: fc.constantFrom("image/jpeg", "audio/ogg", ""),
      sizeBytes: fc.oneof(fc.nat(), fc.constant(-1)),
    },
    { requiredKeys: ["kind", "channel", "fileId"] },
  )
  .map(({ caption, ...attachment }): Inbound => ({ type: "media", attachment, ...(caption === undefined ? {} : { caption }) }));
const contacts = fc.record({ phone: fc.oneof(fc.constant("+77011234567"), shortText), own: fc.boolean() }).map((contact): Inbound => ({ type: "contact", ...contact }));
const locations = fc.record({ latitude: coordinate, longitude: coordinate }).map((point): Inbound => ({ type: "location", ...point }));

const inbound: fc.Arbitrary<Inbound> = fc.oneof(
  { arbitrary: anyText.map((text): Inbound => ({ type: "text", text })), weight: 6 },
  { arbitrary: payload.map((payload): Inbound => ({ type: "choice", payload })), weight: 5 },
  { arbitrary: medias, weight: 2 },
  { arbitrary: contacts, weight: 1 },
  { arbitrary: locations, weight: 1 },
  { arbitrary: fc.constantFrom("sticker", "poll", "game", "").map((what): Inbound => ({ type: "unsupported", what })), weight: 1 },
  { arbitrary: fc.constant<Inbound>({ type: "start" }), weight: 1 },
);

const sender: fc.Arbitrary<SenderFacts> = fc.record({
  languageHint: fc.option(fc.constantFrom("kk", "ru", "ru-RU", "kk-KZ", "en", "KK", ""), { nil: undefined }),
  verifiedPhone: fc.option(fc.constantFrom("+77011234567", "77011234567"), { nil: undefined, freq: 4 }),
});

// ---- Where the conversation stands: a random node of a random flow, in a random state.

// Mostly nodes that wait for an answer (where a message is read); now and then an auto
// node, where a conversation should never rest but an old or broken record might.
const nodes = engine.flows.flatMap((flow) => Object.entries(flow.nodes).map(([nodeId, node]) => ({ flow, nodeId, node })));
const node = fc.oneof(
  { arbitrary: fc.constantFrom(...nodes.filter((ref) => !isAutoNode(ref.node))), weight: 4 },
  { arbitrary: fc.constantFrom(...nodes.filter((ref) => isAutoNode(ref.node))), weight: 1 },
);

/** A message of the kind `node` asks for, still random inside: the paths past the first check. */
function expectedBy(asked: FlowNode): fc.Arbitrary<Inbound> {
  const texts = anyText.map((text): Inbound => ({ type: "text", text }));
  const presses = payload.map((payload): Inbound => ({ type: "choice", payload }));
  switch (asked.type) {
    case "ask":
      return asked.accept_media ? fc.oneof(texts, medias) : texts;
    case "ask_contact":
      return contacts;
    case "ask_location":
      return fc.oneof({ arbitrary: locations, weight: 3 }, { arbitrary: texts, weight: 1 }, { arbitrary: presses, weight: 1 });
    case "ask_media":
      return fc.oneof(medias, texts, presses);
    default:
      return fc.oneof(texts, presses);
  }
}

const conversationAt = ({ flow, nodeId }: (typeof nodes)[number]): fc.Arbitrary<Conversation> => {
  const nodeIds = Object.keys(flow.nodes);
  const own = snapshotsOf(flow.id);
  return fc
    .record({
      flowVersion: fc.oneof({ arbitrary: fc.constant(flow.version), weight: 9 }, { arbitrary: fc.constantFrom(0, flow.version + 1), weight: 1 }),
      data: fc.oneof(fc.constant({}), own.length > 0 ? fc.constantFrom(...own) : fc.constant({}), fc.constantFrom(...snapshots.map((snapshot) => snapshot.data))),
      trail: fc.array(fc.constantFrom(...nodeIds), { maxLength: 6 }),
      returnTo: fc.option(fc.constantFrom(...nodeIds), { nil: null, freq: 4 }),
      returnAt: fc.option(fc.constantFrom(...nodeIds), { nil: null, freq: 4 }),
      startedBy: fc.constantFrom(null, "telegram:100:1"),
      page: fc.integer({ min: 0, max: 5 }),
      language: fc.constantFrom<Language | null>("kk", "ru", null),
      consented: fc.boolean(),
      pending: fc.constantFrom<"resume" | "language" | "cancel" | null>(null, null, null, null, "resume", "language", "cancel"),
      updatedAt: fc.constantFrom(now, now, now, twoDaysAgo),
    })
    .map((state): Conversation => ({ id: conversationId, flowId: flow.id, nodeId, handledKeys: [], version: 7, ...state }));
};
const conversation = node.chain(conversationAt);

/** A conversation at a random node, and a message: random, or of the kind the node asks for. */
const scenario = node.chain((ref) =>
  fc.record({
    before: fc.option(conversationAt(ref), { nil: undefined, freq: 30 }),
    message: fc.oneof(inbound, expectedBy(ref.node)),
    facts: sender,
  }),
);

// ---- What must hold after every step.

const asciiId = /^[\x20-\x7e]{1,64}$/;

function missingText(key: string): string[] {
  return languages.filter((language) => textsOf(engine.resources, language, key).size === 0).map((language) => `text '${key}' missing in ${language}`);
}

function allFinite(value: SavedValue): boolean {
  if (typeof value === "number") return Number.isFinite(value);
  if (Array.isArray(value)) return value.every(allFinite);
  if (value !== null && typeof value === "object") return Object.values(value).every(allFinite);
  return true;
}

/** Everything wrong with one step's result; empty when it is fine. */
function problemsOf(result: StepResult): string[] {
  const problems: string[] = [];
  const sends = result.effects.flatMap((effect) => (effect.type === "send" ? [effect.message] : []));
  if (sends.length === 0) problems.push("no message for the citizen");
  for (const message of sends) {
    for (const shown of [message.text, ...(message.choices ?? []).map((choice) => choice.label)]) if ("key" in shown) problems.push(...missingText(shown.key));
    for (const choice of message.choices ?? []) if (!asciiId.test(choice.id)) problems.push(`choice id '${choice.id}' is not short ASCII`);
  }
  for (const effect of result.effects) if (effect.type === "action" && effect.done) problems.push(...missingText(effect.done));
  const { flowId, nodeId, flowVersion, pending, data } = result.conversation;
  const flow = flows[flowId];
  const node = flow?.nodes[nodeId];
  if (!flow || !node) problems.push(`conversation at ${flowId}/${nodeId}, which does not exist`);
  else {
    if (flowVersion !== flow.version) problems.push(`conversation on version ${flowVersion} of ${flowId} (v${flow.version})`);
    if (pending === null && isAutoNode(node)) problems.push(`conversation left at auto node ${flowId}/${nodeId}`);
  }
  if (!allFinite(data)) problems.push(`saved data has a number that is not finite: ${JSON.stringify(data)}`);
  return problems;
}

/** The details a returning citizen has saved, offered by the appeal's `saved_details` question. */
const savedApplicant = { fullName: "Петров Иван", iin: "900101400003", phone: "+77011234567", postalAddress: "Алматы, пр. Абая 10, кв. 5" };

describe("step over the shipped flows", () => {
  it("had real walks to take saved data from", () => {
    // forget_me and consent keep nothing when at rest: their answers lead straight to an action and on.
    expect(new Set(snapshots.map((snapshot) => snapshot.flowId))).toEqual(new Set(["welcome", "new_appeal", "rate", "my_appeals", "clarify", "appeal"]));
  });

  it("answers any single message at any node in any state", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(scenario, fc.boolean(), ({ before, message, facts }, returning) => {
        const result = step({ ...engine.context(now, facts), savedApplicant: returning ? savedApplicant : undefined }, before, message, conversationId);
        expect(problemsOf(result)).toEqual([]);
      }),
      { numRuns: 10_000, seed: 20_261_127 },
    );
  });

  it("stays sound over a run of messages from any state", { timeout: 60_000 }, () => {
    fc.assert(
      fc.property(conversation, fc.array(inbound, { minLength: 1, maxLength: 15 }), sender, fc.boolean(), (start, messages, facts, returning) => {
        let current = start;
        for (const [index, message] of messages.entries()) {
          const context = { ...engine.context(new Date(now.getTime() + index * 60_000), facts), savedApplicant: returning ? savedApplicant : undefined };
          const result = step(context, current, message, conversationId);
          expect(problemsOf(result)).toEqual([]);
          current = { ...result.conversation, version: current.version + 1 };
        }
      }),
      { numRuns: 1_000, seed: 94_052_013 },
    );
  });
});
