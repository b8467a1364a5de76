import { z } from "zod";
import { attachmentSchema as attachment } from "../core/appeal/appeal-draft.js";
import { rejectionReasons } from "../core/appeal/appeal.js";
import { isLocalDate, type LocalDate } from "../core/calendar/local-date.js";

const localDate = z.string().refine(isLocalDate).transform((text) => text as LocalDate);

/**
 * What an official is in the middle of, kept between messages: an answer or a question
 * being written, a forward waiting for its body and reason, a refusal for its ground and
 * comment, an extension for its date and reason, a reassignment for its official, a
 * closing for its confirmation, or a search waiting for a number. Stored as JSON and parsed back with this schema, so a
 * session written by an older version is dropped rather than misread.
 */
const pendingSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.enum(["answer", "clarify"]), appealId: z.string(), text: z.string(), attachments: z.array(attachment) }),
  z.object({ kind: z.literal("forward"), appealId: z.string(), toAgencyId: z.string().optional(), text: z.string() }),
  z.object({ kind: z.literal("reject"), appealId: z.string(), reason: z.enum(rejectionReasons).optional(), text: z.string() }),
  z.object({ kind: z.literal("extend"), appealId: z.string(), newDeadline: localDate.optional(), text: z.string() }),
  z.object({ kind: z.literal("reassign"), appealId: z.string() }),
  z.object({ kind: z.literal("close"), appealId: z.string() }),
  z.object({ kind: z.literal("find") }),
]);

export type Pending = z.infer<typeof pendingSchema>;
export type Compose = Extract<Pending, { text: string }>;

/** The stored pending action, or null when there is none or it no longer parses. */
export function readPending(stored: unknown): Pending | null {
  const parsed = pendingSchema.safeParse(stored);
  return parsed.success ? parsed.data : null;
}
