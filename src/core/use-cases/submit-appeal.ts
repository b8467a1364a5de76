import { appealDraftSchema, type AppealDraft } from "../appeal/appeal-draft.js";
import type { Appeal } from "../appeal/appeal.js";
import { registerAppeal } from "../appeal/register-appeal.js";
import type { WorkingCalendar } from "../calendar/working-calendar.js";
import type { AppealRepository } from "../ports/appeal-repository.js";
import type { Directory } from "../ports/directory.js";

export type SubmitDeps = Readonly<{ appeals: AppealRepository; directory: Directory; calendar: WorkingCalendar }>;

export type SubmitInput = Readonly<{
  draft: unknown;
  submissionKey: string;
  citizenId: string;
  receivedAt: Date;
}>;

export type SubmitResult =
  | Readonly<{ ok: true; appeal: Appeal; created: boolean }>
  | Readonly<{ ok: false; problem: "invalid_draft"; issues: string[] }>
  | Readonly<{ ok: false; problem: "unknown_agency" | "unknown_category"; id: string }>;

/**
 * Registers an appeal once per submission key. The caller confirms to the citizen
 * only after this resolves (confirmed means stored); a redelivered message gets the
 * appeal that was stored the first time.
 */
export async function submitAppeal(deps: SubmitDeps, input: SubmitInput): Promise<SubmitResult> {
  const parsed = appealDraftSchema.safeParse(input.draft);
  if (!parsed.success) {
    return { ok: false, problem: "invalid_draft", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  }
  const draft: AppealDraft = parsed.data;
  const [agency, category] = await Promise.all([deps.directory.agency(draft.agencyId), deps.directory.category(draft.categoryId)]);
  if (!agency) return { ok: false, problem: "unknown_agency", id: draft.agencyId };
  if (!category) return { ok: false, problem: "unknown_category", id: draft.categoryId };

  // Everything that can fail (the calendar may not cover the deadline's year) is done
  // before the store claims the key and takes a number, so a failure burns neither.
  const registered = registerAppeal(draft, {
    number: "",
    submissionKey: input.submissionKey,
    citizenId: input.citizenId,
    receivedAt: input.receivedAt,
    calendar: deps.calendar,
    termWorkingDays: category.term_working_days,
  });
  const { appeal, created } = await deps.appeals.createOnce({
    submissionKey: input.submissionKey,
    prefix: agency.prefix,
    year: Number(registered.registeredOn.slice(0, 4)),
    build: (number) => ({ ...registered, id: number }),
  });
  return { ok: true, appeal, created };
}
