import { z } from "zod";
import { validateIin } from "../iin.js";
import { appealKinds, attachmentKinds, languages } from "./appeal.js";
import { maxFileNameLength } from "./file-name.js";

/** The Code's limits on an appeal's substance as Estu takes it in a chat. */
export const appealTextLimits = { min: 10, max: 4_000 } as const;
export const maxAttachments = 10;

/** What a file cannot go without: its kind and where the channel keeps it. */
export const attachmentReferenceSchema = z.object({
  kind: z.enum(attachmentKinds),
  channel: z.string().min(1),
  fileId: z.string().min(1).max(512),
});

/** A file's reference as a draft or a clarification carries it out of the conversation. */
export const attachmentSchema = attachmentReferenceSchema.extend({
  mimeType: z.string().max(100).optional(),
  sizeBytes: z.number().int().nonnegative().optional(),
  fileName: z.string().min(1).max(maxFileNameLength).optional(),
});

/** The applicant as the Code requires them: also checks details saved by an older version before they are offered again. */
export const applicantSchema = z.object({
  fullName: z.string().trim().min(3).max(200),
  iin: z.string().transform((input, context) => {
    const result = validateIin(input);
    if (result.ok) return result.iin;
    context.addIssue({ code: "custom", message: `not a valid IIN: ${result.problem.type}` });
    return z.NEVER;
  }),
  phone: z.string().regex(/^\+?\d{10,15}$/),
  postalAddress: z.string().trim().min(5).max(300),
});

/**
 * What the dialogue collects before submitting. Validated when it leaves the
 * conversation (stored data may predate a rule), trusted afterwards.
 */
export const appealDraftSchema = z
  .object({
    language: z.enum(languages),
    kind: z.enum(appealKinds),
    categoryId: z.string().min(1),
    regionId: z.string().min(1),
    districtId: z.string().min(1).optional(),
    agencyId: z.string().min(1),
    text: z.string().trim().min(appealTextLimits.min).max(appealTextLimits.max),
    attachments: z.array(attachmentSchema).max(maxAttachments).default([]),
    location: z.object({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) }).optional(),
    applicant: applicantSchema.nullable(),
    emergency: z.boolean().default(false),
  })
  .strict()
  .refine((draft) => draft.applicant !== null || draft.emergency, {
    message: "only an emergency report may be submitted without the applicant's details",
    path: ["applicant"],
  });

export type AppealDraft = z.infer<typeof appealDraftSchema>;
