// A small, self-contained world for unit tests of the dialogue engine: inline flows
// (the four the engine needs, a `report` flow with every node type and two entry
// flows about one appeal), inline reference data and texts. No file is read.
import type { Language } from "../../src/core/appeal/appeal.js";
import type { Inbound, SenderFacts } from "../../src/core/inbound.js";
import type { Conversation, SavedValue } from "../../src/core/ports/conversation-store.js";
import {
  agencySchema,
  categorySchema,
  regionSchema,
  routingRuleSchema,
  type ReferenceData,
} from "../../src/core/reference/reference-data.js";
import type { Choice, Effect, Message, Params } from "../../src/engine/effects.js";
import { flowSchema } from "../../src/engine/flow-schema.js";
import { step, type StepResult } from "../../src/engine/step.js";
import type { FlowSet, StepContext } from "../../src/engine/step-context.js";

// ---------------------------------------------------------------------------
// Flows

const welcome = flowSchema.parse({
  id: "welcome",
  version: 1,
  start: "greeting",
  nodes: {
    greeting: { type: "say", text: "welcome:greeting", next: "by_hint" },
    by_hint: { type: "branch", field: "languageHint", cases: { kk: "confirm_kk", ru: "confirm_ru" }, default: "pick_language" },
    confirm_kk: {
      type: "choose",
      prompt: "welcome:confirm_kk",
      save_as: "language",
      options: [
        { id: "kk", label: "welcome:keep_kk" },
        { id: "ru", label: "welcome:switch_ru" },
      ],
      next: "set_language",
    },
    confirm_ru: {
      type: "choose",
      prompt: "welcome:confirm_ru",
      save_as: "language",
      options: [
        { id: "ru", label: "welcome:keep_ru" },
        { id: "kk", label: "welcome:switch_kk" },
      ],
      next: "set_language",
    },
    pick_language: {
      type: "choose",
      prompt: "welcome:pick_language",
      save_as: "language",
      options: [
        { id: "kk", label: "language:kk" },
        { id: "ru", label: "language:ru" },
      ],
      next: "set_language",
    },
    set_language: { type: "action", action: "set_language", next: "to_consent" },
    to_consent: { type: "goto", flow: "consent" },
  },
});

const menu = flowSchema.parse({
  id: "menu",
  version: 1,
  start: "main",
  nodes: {
    main: {
      type: "choose",
      prompt: "menu:prompt",
      save_as: "choice",
      options: [
        { id: "report", label: "menu:report" },
        { id: "lookup", label: "menu:lookup" },
        { id: "about", label: "menu:about_label" },
        { id: "language", label: "menu:language" },
      ],
      routes: { report: "to_report", lookup: "to_lookup", about: "about", language: "to_language" },
    },
    to_report: { type: "goto", flow: "report" },
    to_lookup: { type: "goto", flow: "lookup" },
    to_language: { type: "goto", flow: "language" },
    // No `next`: the menu flow ends, and an ended flow leads to the menu.
    about: { type: "say", text: "menu:about" },
  },
});

const language = flowSchema.parse({
  id: "language",
  version: 1,
  start: "pick",
  nodes: {
    pick: {
      type: "choose",
      prompt: "language:prompt",
      save_as: "language",
      options: [
        { id: "kk", label: "language:kk" },
        { id: "ru", label: "language:ru" },
      ],
      next: "apply",
    },
    apply: { type: "action", action: "set_language", next: "done" },
    done: { type: "say", text: "language:changed" },
  },
});

const consent = flowSchema.parse({
  id: "consent",
  version: 1,
  start: "ask",
  nodes: {
    ask: {
      type: "choose",
      prompt: "consent:ask",
      save_as: "answer",
      options: [
        { id: "agree", label: "consent:agree" },
        { id: "decline", label: "consent:decline" },
      ],
      routes: { agree: "record", decline: "declined" },
    },
    record: { type: "action", action: "record_consent", next: "thanks" },
    thanks: { type: "say", text: "consent:thanks" },
    declined: { type: "say", text: "consent:declined" },
  },
});

/** Every node type, in the order of a real appeal. */
const report = flowSchema.parse({
  id: "report",
  version: 3,
  entry: true,
  needs_consent: true,
  start: "intro",
  nodes: {
    intro: { type: "say", text: "report:intro", next: "kind" },
    kind: {
      type: "choose",
      prompt: "report:kind",
      save_as: "kind",
      options: [
        { id: "complaint", label: "report:kind.complaint" },
        { id: "proposal", label: "report:kind.proposal" },
        { id: "application", label: "report:kind.application" },
        { id: "number", label: "report:kind.number" },
      ],
      routes: { application: "application_note", number: "to_lookup" },
      next: "category",
    },
    application_note: { type: "say", text: "report:application_note", next: "category" },
    to_lookup: { type: "goto", flow: "lookup" },
    category: { type: "choose", prompt: "report:category", save_as: "categoryId", options_from: "categories", next: "region" },
    region: { type: "choose", prompt: "report:region", save_as: "regionId", options_from: "regions", next: "district" },
    district: { type: "choose", prompt: "report:district", save_as: "districtId", options_from: "districts", next: "agency" },
    agency: { type: "suggest_agency", prompt: "report:agency", save_as: "agencyId", change: "agency_pick", next: "text" },
    agency_pick: { type: "choose", prompt: "report:agency_pick", save_as: "agencyId", options_from: "agencies", next: "text" },
    text: { type: "ask", prompt: "report:text", save_as: "text", min_length: 10, max_length: 4_000, accept_media: true, next: "full_name" },
    full_name: { type: "ask", prompt: "report:full_name", save_as: "fullName", validate: "full_name", min_length: 3, max_length: 200, next: "iin" },
    iin: { type: "ask", prompt: "report:iin", save_as: "iin", validate: "iin", max_length: 20, next: "phone" },
    phone: { type: "ask_contact", prompt: "report:phone", save_as: "phone", next: "location" },
    location: { type: "ask_location", prompt: "report:location", save_as: "location", next: "media" },
    media: { type: "ask_media", prompt: "report:media", save_as: "attachments", max: 2, next: "summary" },
    summary: {
      type: "summary",
      prompt: "report:summary",
      fields: [
        { label: "report:field.kind", field: "kind", edit: "kind" },
        { label: "report:field.text", field: "text", edit: "text" },
        { label: "report:field.full_name", field: "fullName", edit: "full_name" },
      ],
      next: "by_kind",
    },
    by_kind: { type: "branch", field: "kind", cases: { complaint: "complaint_note" }, default: "submit" },
    complaint_note: { type: "say", text: "report:complaint_note", next: "submit" },
    submit: { type: "action", action: "submit_appeal", done: "report:coupon" },
  },
});

/** An appeal number typed by the citizen. */
const lookup = flowSchema.parse({
  id: "lookup",
  version: 1,
  entry: true,
  start: "number",
  nodes: {
    number: { type: "ask", prompt: "lookup:number", save_as: "number", validate: "appeal_number", max_length: 30, next: "show" },
    show: { type: "action", action: "show_appeal", done: "lookup:shown" },
  },
});

/** Opened from a notification button (`go:follow:<number>`): the number comes with the button. */
const follow = flowSchema.parse({
  id: "follow",
  version: 1,
  entry: true,
  subject: "appeal",
  start: "show",
  nodes: {
    show: { type: "action", action: "show_appeal", next: "comment" },
    comment: { type: "ask", prompt: "follow:comment", save_as: "comment", max_length: 1_000, next: "thanks" },
    thanks: { type: "say", text: "follow:thanks" },
  },
});

export const flows: FlowSet = Object.fromEntries([welcome, menu, language, consent, report, lookup, follow].map((flow) => [flow.id, flow]));

/** The `report` flow's nodes that wait for the citizen, in the order a citizen meets them. */
export const reportInputNodes = ["kind", "category", "region", "district", "agency", "agency_pick", "text", "full_name", "iin", "phone", "location", "media", "summary"] as const;

// ---------------------------------------------------------------------------
// Reference data: a city with districts, another with one, regions without.

export const reference: ReferenceData = {
  regions: [
    {
      id: "almaty_city",
      kind: "city",
      name: { kk: "Алматы қаласы", ru: "город Алматы" },
      districts: [
        { id: "medeu", name: { kk: "Медеу ауданы", ru: "Медеуский район" } },
        { id: "bostandyk", name: { kk: "Бостандық ауданы", ru: "Бостандыкский район" } },
      ],
    },
    { id: "astana", kind: "city", name: { kk: "Астана қаласы", ru: "город Астана" }, districts: [{ id: "esil", name: { kk: "Есіл ауданы", ru: "район Есиль" } }] },
    { id: "almaty_region", kind: "region", name: { kk: "Алматы облысы", ru: "Алматинская область" } },
    { id: "abai", kind: "region", name: { kk: "Абай облысы", ru: "область Абай" } },
  ].map((region) => regionSchema.parse(region)),
  // Ten: one page of eight and a second page of two.
  categories: [
    { id: "utilities", name: { kk: "Тұрғын үй-коммуналдық шаруашылық", ru: "Жилищно-коммунальные услуги" } },
    { id: "roads", name: { kk: "Жолдар", ru: "Дороги" } },
    { id: "transport", name: { kk: "Қоғамдық көлік", ru: "Общественный транспорт" } },
    { id: "health", name: { kk: "Денсаулық сақтау", ru: "Здравоохранение" } },
    { id: "education", name: { kk: "Білім беру", ru: "Образование" } },
    { id: "social", name: { kk: "Әлеуметтік көмек", ru: "Социальная помощь" } },
    { id: "housing", name: { kk: "Тұрғын үй", ru: "Жильё" } },
    { id: "ecology", name: { kk: "Экология", ru: "Экология" } },
    { id: "crimes", name: { kk: "Қылмыс және қауіп", ru: "Преступления и угрозы" }, emergency: true },
    { id: "other", name: { kk: "Басқа", ru: "Другое" } },
  ].map((category) => categorySchema.parse(category)),
  agencies: [
    { id: "akimat_almaty", prefix: "ALA", name: { kk: "Алматы қаласының әкімдігі", ru: "Акимат города Алматы" }, region: "almaty_city" },
    { id: "akimat_astana", prefix: "AST", name: { kk: "Астана қаласының әкімдігі", ru: "Акимат города Астаны" }, region: "astana" },
    { id: "akimat_almaty_region", prefix: "ALO", name: { kk: "Алматы облысының әкімдігі", ru: "Акимат Алматинской области" }, region: "almaty_region" },
    { id: "akimat_abai", prefix: "ABA", name: { kk: "Абай облысының әкімдігі", ru: "Акимат области Абай" }, region: "abai" },
    { id: "ministry_health", prefix: "MZ", name: { kk: "Денсаулық сақтау министрлігі", ru: "Министерство здравоохранения" } },
    { id: "police", prefix: "POL", name: { kk: "Ішкі істер министрлігі", ru: "Министерство внутренних дел" } },
  ].map((agency) => agencySchema.parse(agency)),
  routing: [
    { category: "crimes", region: "*", agency: "police" },
    { category: "health", region: "*", agency: "ministry_health" },
    { category: "*", region: "almaty_city", agency: "akimat_almaty" },
    { category: "*", region: "astana", agency: "akimat_astana" },
    { category: "*", region: "almaty_region", agency: "akimat_almaty_region" },
    { category: "*", region: "abai", agency: "akimat_abai" },
  ].map((rule) => routingRuleSchema.parse(rule)),
};

type Named = Readonly<{ id: string; name: Readonly<Record<Language, string>> }>;

/** A reference item's name, for expected params. */
export function nameOf(items: readonly Named[], id: string, lng: Language): string {
  const item = items.find((candidate) => candidate.id === id);
  if (!item) throw new Error(`no reference item '${id}'`);
  return item.name[lng];
}

/** Buttons for reference items, as the engine shows them: names already in the citizen's language. */
export function plainChoices(items: readonly Named[], lng: Language): Choice[] {
  return items.map((item) => ({ id: item.id, label: { plain: item.name[lng] } }));
}

// ---------------------------------------------------------------------------
// Texts: labels the engine matches typed words against, and a few prompts.

export const dictionary: Readonly<Record<Language, Readonly<Record<string, string>>>> = {
  kk: {
    "menu:prompt": "Мәзір. Не істейміз?",
    "menu:report": "Өтініш беру",
    "menu:lookup": "Өтінішімді табу",
    "menu:about_label": "Estu туралы",
    "menu:language": "Тілді ауыстыру",
    "language:kk": "Қазақша",
    "language:ru": "Русский",
    "welcome:keep_kk": "Иә, қазақша",
    "welcome:switch_ru": "Орыс тілінде",
    "welcome:keep_ru": "Иә, орысша",
    "welcome:switch_kk": "Қазақ тілінде",
    "consent:agree": "Келісемін",
    "consent:decline": "Келіспеймін",
    "report:kind.complaint": "Шағым",
    "report:kind.proposal": "Ұсыныс",
    "report:kind.application": "Өтініш",
    "report:kind.number": "Менде нөмір бар",
    "report:field.kind": "Түрі",
    "report:field.text": "Мәтін",
    "report:field.full_name": "Аты-жөні",
    "appeal:kind.complaint": "шағым",
    "appeal:kind.proposal": "ұсыныс",
    "appeal:kind.application": "өтініш",
    "common:choice.continue": "Жалғастыру",
    "common:choice.restart": "Басынан бастау",
  },
  ru: {
    "menu:prompt": "Меню. Что делаем?",
    "menu:report": "Подать обращение",
    "menu:lookup": "Найти обращение",
    "menu:about_label": "Об Estu",
    "menu:language": "Сменить язык",
    "language:kk": "Қазақша",
    "language:ru": "Русский",
    "welcome:keep_kk": "Да, на казахском",
    "welcome:switch_ru": "На русском",
    "welcome:keep_ru": "Да, на русском",
    "welcome:switch_kk": "На казахском",
    "consent:agree": "Согласен",
    "consent:decline": "Не согласен",
    "report:kind.complaint": "Жалоба",
    "report:kind.proposal": "Предложение",
    "report:kind.application": "Заявление",
    "report:kind.number": "У меня есть номер",
    "report:field.kind": "Вид",
    "report:field.text": "Текст",
    "report:field.full_name": "ФИО",
    "appeal:kind.complaint": "жалоба",
    "appeal:kind.proposal": "предложение",
    "appeal:kind.application": "заявление",
    "common:choice.continue": "Продолжить",
    "common:choice.restart": "Начать заново",
  },
};

/** Like i18next with `returnNull: false`: a missing text shows its key, which a test then sees. */
export function translate(key: string, lng: Language): string {
  return dictionary[lng][key] ?? key;
}

// ---------------------------------------------------------------------------
// Context, conversations and a driver

/** The fixed clock of these tests: a Friday morning in Almaty. */
export const now = new Date("2026-11-27T10:00:00+05:00");
export const chatId = "telegram:100";
/** Every message of these tests has this key, so every flow entered records it as its draft's identity. */
export const messageKey = "telegram:100:1";

export function context(at: Date = now, sender: SenderFacts = {}, flowSet: FlowSet = flows): StepContext {
  return { flows: flowSet, reference, now: at, sender, messageKey, translate };
}

/** A conversation waiting at `nodeId` of `flowId`: a Russian-speaking citizen who has consented. */
export function conversationAt(flowId: string, nodeId: string, patch: Partial<Conversation> = {}): Conversation {
  return {
    id: chatId,
    flowId,
    flowVersion: flows[flowId]?.version ?? 1,
    nodeId,
    startedBy: messageKey,
    data: {},
    trail: [],
    returnTo: null,
    returnAt: null,
    page: 0,
    language: "ru",
    consented: true,
    pending: null,
    handledKeys: [],
    updatedAt: now,
    version: 7,
    ...patch,
  };
}

/** One step with the fixed clock: `step` as the host calls it. */
export function run(conversation: Conversation | undefined, inbound: Inbound, options: { sender?: SenderFacts; at?: Date } = {}): StepResult {
  return step(context(options.at ?? now, options.sender ?? {}), conversation, inbound, chatId);
}

export const text = (value: string): Inbound => ({ type: "text", text: value });
export const press = (payload: string): Inbound => ({ type: "choice", payload });
export const photo = (fileId: string, caption?: string): Inbound => ({
  type: "media",
  attachment: { kind: "photo", channel: "telegram", fileId },
  ...(caption === undefined ? {} : { caption }),
});
/** A photo as the engine saves it. */
export const savedPhoto = (fileId: string): SavedValue => ({ kind: "photo", channel: "telegram", fileId });

/** A conversation driven message by message, keeping the state between them (as the host does). */
export class InlineChat {
  conversation: Conversation | undefined;

  constructor(
    private readonly sender: SenderFacts = {},
    public at: Date = now,
  ) {}

  send(inbound: Inbound): readonly Effect[] {
    const result = step(context(this.at, this.sender), this.conversation, inbound, chatId);
    this.conversation = { ...result.conversation, version: (this.conversation?.version ?? 0) + 1 };
    return result.effects;
  }

  text(value: string): readonly Effect[] {
    return this.send(text(value));
  }

  press(payload: string): readonly Effect[] {
    return this.send(press(payload));
  }
}

// ---------------------------------------------------------------------------
// One appeal through `report`

type Data = Readonly<Record<string, SavedValue>>;

/**
 * A citizen's appeal about a road in Almaty's Medeu district, as each input node of
 * `report` saves it (the agency suggested is confirmed, so `agency_pick` is not met).
 */
export const reportAnswers: ReadonlyArray<readonly [string, Data]> = [
  ["kind", { kind: "complaint" }],
  ["category", { categoryId: "roads" }],
  ["region", { regionId: "almaty_city" }],
  ["district", { districtId: "medeu" }],
  ["agency", { agencyId: "akimat_almaty" }],
  ["text", { text: "Во дворе нет света третий день" }],
  ["full_name", { fullName: "Серікова Айгүл" }],
  ["iin", { iin: "900101300017" }],
  ["phone", { phone: "+77011234567" }],
  ["location", { location: { latitude: 43.2389, longitude: 76.8897 } }],
  ["media", { attachments: [savedPhoto("F1"), savedPhoto("F2")] }],
];

/** What is saved, and the trail, when the citizen arrives at `nodeId` (`agency_pick`: after "another agency"). */
export function reportStateAt(nodeId: string): { data: Data; trail: string[] } {
  if (nodeId === "agency_pick") {
    const before = reportStateAt("agency");
    return { data: before.data, trail: [...before.trail, "agency"] };
  }
  const index = reportAnswers.findIndex(([id]) => id === nodeId);
  const before = index < 0 ? reportAnswers : reportAnswers.slice(0, index);
  return { data: Object.assign({}, ...before.map(([, saved]) => saved)) as Data, trail: before.map(([id]) => id) };
}

/** The citizen waiting at `nodeId` of `report`, everything before it answered. */
export function atReport(nodeId: string, patch: Partial<Conversation> = {}): Conversation {
  return conversationAt("report", nodeId, { ...reportStateAt(nodeId), ...patch });
}

/** The params the summary (and the say nodes after it) get from the whole appeal, written out by hand. */
export function reportSummaryParams(lng: Language): Params {
  return {
    kind: "complaint",
    kindName: lng === "kk" ? "шағым" : "жалоба",
    categoryId: "roads",
    category: lng === "kk" ? "Жолдар" : "Дороги",
    regionId: "almaty_city",
    region: lng === "kk" ? "Алматы қаласы" : "город Алматы",
    districtId: "medeu",
    district: lng === "kk" ? "Медеу ауданы" : "Медеуский район",
    place: lng === "kk" ? "Алматы қаласы, Медеу ауданы" : "город Алматы, Медеуский район",
    // The inline texts translate a key to itself.
    mapPoint: "common:location_marked",
    agencyId: "akimat_almaty",
    agency: lng === "kk" ? "Алматы қаласының әкімдігі" : "Акимат города Алматы",
    text: "Во дворе нет света третий день",
    fullName: "Серікова Айгүл",
    // A summary shows the IIN masked: the stored value is whole.
    iin: "********0017",
    phone: "+77011234567",
    attachmentsCount: 2,
  };
}

// ---------------------------------------------------------------------------
// Expected effects

/** A message effect with a text key (and its params, buttons or request). */
export function sent(key: string, options: { params?: Params; choices?: readonly Choice[]; request?: Message["request"] } = {}): Effect {
  const { params, choices, request } = options;
  return {
    type: "send",
    message: { text: { key, ...(params ? { params } : {}) }, ...(choices ? { choices } : {}), ...(request ? { request } : {}) },
  };
}

/** A button whose label is a text key. */
export const button = (id: string, key: string): Choice => ({ id, label: { key } });

export const doneButton = button("done", "common:choice.done");
export const moreButton = button("p:next", "common:choice.more");
export const previousButton = button("p:prev", "common:choice.previous");

export const menuPrompt: Effect = sent("menu:prompt", {
  choices: [button("report", "menu:report"), button("lookup", "menu:lookup"), button("about", "menu:about_label"), button("language", "menu:language")],
});
export const languagePrompt: Effect = sent("language:prompt", { choices: [button("kk", "language:kk"), button("ru", "language:ru")] });
export const consentPrompt: Effect = sent("consent:ask", { choices: [button("agree", "consent:agree"), button("decline", "consent:decline")] });
export const kindPrompt: Effect = sent("report:kind", {
  choices: [button("complaint", "report:kind.complaint"), button("proposal", "report:kind.proposal"), button("application", "report:kind.application"), button("number", "report:kind.number")],
});
export const whichFieldPrompt: Effect = sent("common:summary.which_field", {
  choices: [button("e0", "report:field.kind"), button("e1", "report:field.text"), button("e2", "report:field.full_name"), button("s", "common:choice.to_summary")],
});
export const hint = (key: string, params?: Params): Effect => sent(key, params ? { params } : {});

/**
 * The question of each input node of `report`, written out by hand, for a citizen
 * speaking `lng` with `data` saved so far.
 */
export function reportPrompt(nodeId: (typeof reportInputNodes)[number], data: Readonly<Record<string, SavedValue>>, lng: Language, summaryParams: Params = {}): Effect {
  switch (nodeId) {
    case "kind":
      return kindPrompt;
    case "category":
      return sent("report:category", { choices: [...plainChoices(reference.categories.slice(0, 8), lng), moreButton] });
    case "region":
      return sent("report:region", { choices: plainChoices(reference.regions, lng) });
    case "district": {
      const region = reference.regions.find((candidate) => candidate.id === data["regionId"]);
      return sent("report:district", { choices: plainChoices(region?.districts ?? [], lng) });
    }
    case "agency": {
      // What the inline routing gives for the data these tests save (region: the city of Almaty).
      const agency = data["categoryId"] === "health" ? "ministry_health" : "akimat_almaty";
      return sent("report:agency", {
        params: { agency: nameOf(reference.agencies, agency, lng) },
        choices: [button("yes", "common:choice.agency_ok"), button("other", "common:choice.agency_other")],
      });
    }
    case "agency_pick":
      return sent("report:agency_pick", { choices: plainChoices(reference.agencies, lng) });
    case "text":
      return sent("report:text");
    case "full_name":
      return sent("report:full_name");
    case "iin":
      return sent("report:iin");
    case "phone":
      return sent("report:phone", { request: "contact" });
    case "location":
      return sent("report:location", { request: "location", choices: [button("skip", "common:choice.skip")] });
    case "media":
      return sent("report:media", { params: { max: 2 }, choices: [doneButton] });
    case "summary":
      return sent("report:summary", { params: summaryParams, choices: [button("confirm", "common:choice.confirm"), button("edit", "common:choice.edit")] });
  }
}
