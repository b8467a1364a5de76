/**
 * The flow format: conversations declared as data in `flows/*.yaml`. Strict, so a
 * typo is an error at start-up, not a dead end in a citizen's chat. Texts are
 * i18next keys (`namespace:key.path`), never literal strings.
 */
import { z } from "zod";
import { globalCommands } from "./global-commands.js";

const nodeId = z.string().regex(/^[a-z][a-z0-9_]*$/, { message: "node ids are snake_case, e.g. ask_text" });
const flowId = nodeId;
const textKey = z.string().regex(/^[a-z_]+:[a-z0-9_.]+$/, { message: "a text is an i18next key such as appeal:ask_text" });
const field = z.string().regex(/^[a-z][a-zA-Z0-9_]*$/, { message: "saved field names are letters, digits and _" });

/** Where a node goes next: another node of this flow. */
const next = nodeId;

const option = z
  .object({
    id: z.string().regex(/^[a-z0-9_]+$/),
    label: textKey,
    hint: textKey.optional(),
    /** Other words a citizen may type for this option, in either language ("согласен" for "Даю согласие"). */
    also: z.array(z.string().min(1)).optional(),
  })
  .strict();

export const referenceSources = ["categories", "regions", "districts", "agencies"] as const;

const say = z.object({ type: z.literal("say"), text: textKey, next: next.optional() }).strict();

const ask = z
  .object({
    type: z.literal("ask"),
    prompt: textKey,
    save_as: field,
    min_length: z.number().int().min(1).default(1),
    max_length: z.number().int().min(1).max(4_000).default(500),
    /** A domain check on top of the length: an IIN with its check digit, a full name, an appeal number. */
    validate: z.enum(["iin", "full_name", "appeal_number"]).optional(),
    /** Media sent here is kept as an attachment instead of refused (the clarification step). */
    accept_media: z.boolean().default(false),
    /** A value sent before the question was asked (free text at the menu) that answers it once, if it passes the checks. */
    carry: field.optional(),
    /** A voice note answers the question: it is kept in this list of attachments and the answer says so. */
    voice_into: field.optional(),
    /** Buttons for global commands shown with the question (e.g. back to the menu). */
    buttons: z.array(z.enum(globalCommands)).optional(),
    next,
  })
  .strict();

const choose = z
  .object({
    type: z.literal("choose"),
    prompt: textKey,
    save_as: field,
    options: z.array(option).min(1).optional(),
    options_from: z.enum(referenceSources).optional(),
    /** Where each choice leads; unlisted ones go to `next`. */
    routes: z.record(z.string(), nodeId).optional(),
    next: next.optional(),
  })
  .strict()
  .refine((node) => (node.options === undefined) !== (node.options_from === undefined), {
    message: "a choose node has either options or options_from, not both",
  });

const suggestAgency = z
  .object({
    type: z.literal("suggest_agency"),
    prompt: textKey,
    save_as: field,
    change: nodeId,
    /**
     * False: the agency routing finds is taken without a question and `prompt` says which (a
     * summary can still change it); only when routing finds none does the citizen pick.
     */
    confirm: z.boolean().default(true),
    next,
  })
  .strict();

const askContact = z.object({ type: z.literal("ask_contact"), prompt: textKey, save_as: field, next }).strict();

const askLocation = z.object({ type: z.literal("ask_location"), prompt: textKey, save_as: field, next }).strict();

/**
 * Offers the applicant's details saved from the citizen's last appeal (the host knows them):
 * "use" fills `fullName`, `iin`, `phone` and `postalAddress` and goes to `use`; "other" goes to
 * `next`, where the details are asked one by one. With nothing saved it asks nothing and goes to `next`.
 */
const savedDetails = z.object({ type: z.literal("saved_details"), prompt: textKey, use: nodeId, next }).strict();

const askMedia = z
  .object({
    type: z.literal("ask_media"),
    prompt: textKey,
    save_as: field,
    max: z.number().int().min(1).max(10).default(5),
    /** Files sent before the question was asked (a photo at the menu) that start the collection. */
    carry: field.optional(),
    /** A location shared here is kept in this field: files and a map point in one optional step. */
    location_into: field.optional(),
    next,
  })
  .strict();

const summaryField = z
  .object({
    label: textKey,
    field,
    edit: nodeId,
    /** Where the edit rejoins the path (answers after `edit` depend on it); omitted: right after `edit`. */
    until: nodeId.optional(),
  })
  .strict();
const summary = z
  .object({ type: z.literal("summary"), prompt: textKey, fields: z.array(summaryField).min(1), next })
  .strict();

/** Side effects the host carries out; the engine only asks for them. */
export const actionTypes = [
  "set_language",
  "record_consent",
  "submit_appeal",
  "list_appeals",
  "show_appeal",
  "submit_clarification",
  "rate_answer",
  "forget_citizen",
] as const;

const action = z
  .object({
    type: z.literal("action"),
    action: z.enum(actionTypes),
    /** Sent by the host once the action is done (e.g. the coupon after the appeal is stored). */
    done: textKey.optional(),
    next: next.optional(),
  })
  .strict();

const branch = z
  .object({ type: z.literal("branch"), field, cases: z.record(z.string(), nodeId), default: nodeId })
  .strict();

const goto = z.object({ type: z.literal("goto"), flow: flowId }).strict();

export const nodeSchema = z.discriminatedUnion("type", [say, ask, choose, suggestAgency, askContact, askLocation, savedDetails, askMedia, summary, action, branch, goto]);

export const flowSchema = z
  .object({
    id: flowId,
    version: z.number().int().min(1),
    start: nodeId,
    /** The citizen may start this flow from the main menu or a button (`go:<flow>`). */
    entry: z.boolean().default(false),
    /**
     * What a button opening this entry flow names: `appeal`, a required appeal number
     * (`go:rate:ALA-2026-000042`); `page`, an optional page of a list (`go:my_appeals:p2`).
     */
    subject: z.enum(["appeal", "page"]).optional(),
    /** Personal data is collected here: the flow needs the citizen's consent. */
    needs_consent: z.boolean().default(false),
    nodes: z.record(nodeId, nodeSchema),
  })
  .strict();

export type Flow = z.infer<typeof flowSchema>;
export type FlowNode = z.infer<typeof nodeSchema>;
export type NodeOf<T extends FlowNode["type"]> = Extract<FlowNode, { type: T }>;
export type ChoiceOption = z.infer<typeof option>;
export type ReferenceSource = (typeof referenceSources)[number];
export type ActionType = (typeof actionTypes)[number];
