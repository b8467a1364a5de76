/**
 * Schemas of the reference data files in `data/` (regions, categories, agencies,
 * routing). Strict: a typo in a file an operator edited stops start-up with its path.
 */
import { z } from "zod";

const id = z.string().regex(/^[a-z][a-z0-9_]*$/, { message: "ids are snake_case ASCII, e.g. almaty_city" });
const bilingual = z.object({ kk: z.string().trim().min(1), ru: z.string().trim().min(1) }).strict();
// Texts put their own period after an agency's name ("Орган: {{agency}}."), so a name ending in one would show two.
const nameWithoutPeriod = z.string().trim().min(1).regex(/[^.]$/, { message: "an agency's name must not end with a period: the texts add their own after it" });
const agencyName = z.object({ kk: nameWithoutPeriod, ru: nameWithoutPeriod }).strict();
/** A category's plain hint: one line under its name in the menu, short enough for eight on an old phone's screen. */
const hintLine = z.object({ kk: z.string().trim().min(1).max(80), ru: z.string().trim().min(1).max(80) }).strict();

/** The Code's consideration term when no other law sets one: 15 working days. */
export const defaultTermWorkingDays = 15;

export const districtSchema = z.object({ id, name: bilingual }).strict();

export const regionSchema = z
  .object({
    id,
    kind: z.enum(["city", "region"]),
    name: bilingual,
    districts: z.array(districtSchema).default([]),
  })
  .strict();

export const categorySchema = z
  .object({
    id,
    name: bilingual,
    hint: hintLine.optional(),
    /** Consideration term in working days; the Code's default is 15. */
    term_working_days: z.number().int().min(1).max(60).default(defaultTermWorkingDays),
    /** Crimes and threats: the citizen is told to call 102/112; forwarded at once. */
    emergency: z.boolean().default(false),
  })
  .strict();

export const agencySchema = z
  .object({
    id,
    prefix: z.string().regex(/^[A-Z]{2,5}$/, { message: "a prefix is 2 to 5 capital Latin letters, e.g. ALA" }),
    name: agencyName,
    region: id.optional(),
    /** The higher body, where an answer is contested (Code Art. 91). */
    parent: id.nullable().default(null),
  })
  .strict();

const wildcard = z.union([z.literal("*"), id]);
export const routingRuleSchema = z.object({ category: wildcard, region: wildcard, agency: id }).strict();

export const regionsFileSchema = z.object({ regions: z.array(regionSchema).min(1) }).strict();
export const categoriesFileSchema = z.object({ categories: z.array(categorySchema).min(1) }).strict();
export const agenciesFileSchema = z.object({ agencies: z.array(agencySchema).min(1) }).strict();
export const routingFileSchema = z.object({ rules: z.array(routingRuleSchema).min(1) }).strict();

export type Bilingual = z.infer<typeof bilingual>;
export type Region = z.infer<typeof regionSchema>;
export type Category = z.infer<typeof categorySchema>;
export type Agency = z.infer<typeof agencySchema>;
export type RoutingRule = z.infer<typeof routingRuleSchema>;

/** Everything in `data/` but the calendar, after the cross-file checks of `checkReferenceData`. */
export type ReferenceData = Readonly<{
  regions: readonly Region[];
  categories: readonly Category[];
  agencies: readonly Agency[];
  routing: readonly RoutingRule[];
}>;
