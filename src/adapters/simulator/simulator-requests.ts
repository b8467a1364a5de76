import { z } from "zod";

/** A citizen of the simulator: a short id the browser picks (one per tab or chosen in a list). */
const citizen = z.string().regex(/^[a-z0-9-]{1,40}$/);
/** The browser's id for one message, so a resend after a lost connection is handled once. */
const messageId = z.string().regex(/^[\w-]{1,64}$/);

/** What the simulator's phone sends: checked here, at the edge, like any channel's payload. */
const citizenInputSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("start") }),
  z.object({ type: z.literal("text"), text: z.string().max(60_000) }),
  z.object({ type: z.literal("choice"), payload: z.string().max(64) }),
  z.object({ type: z.literal("location"), latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }),
  z.object({ type: z.literal("contact"), phone: z.string().regex(/^\+?\d{10,15}$/) }),
]);

export const citizenSendSchema = z
  .object({
    citizen,
    id: messageId,
    language: z.enum(["kk", "ru"]).optional(),
    input: citizenInputSchema,
    /** The label of the pressed button, kept as the citizen's side of the chat. */
    label: z.string().max(300).optional(),
  })
  .strict();

/** What the official's console sends: a command, a button press or a text, for the demo official of an agency. */
export const officialSendSchema = z
  .object({
    agency: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    id: messageId,
    language: z.enum(["kk", "ru"]).optional(),
    event: z.discriminatedUnion("type", [
      z.object({ type: z.literal("command"), name: z.string().regex(/^[a-z_]{1,32}$/), argument: z.string().max(200) }),
      z.object({ type: z.literal("button"), data: z.string().max(64) }),
      z.object({ type: z.literal("text"), text: z.string().max(10_000) }),
    ]),
  })
  .strict();

export const uploadKinds = ["photo", "voice", "audio", "video", "document"] as const;

export type CitizenSend = z.infer<typeof citizenSendSchema>;
export type OfficialSend = z.infer<typeof officialSendSchema>;
export { citizen as citizenIdSchema, messageId as messageIdSchema };
