// Shared test data: a valid appeal draft and the project's own reference data.
import { join } from "node:path";
import type { AppealDraft } from "../../src/core/appeal/appeal-draft.js";
import { createLogRef } from "../../src/core/log-ref.js";
import { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { loadCalendarYears, loadReferenceData } from "../../src/reference/load-reference-data.js";

export const dataDir = join(projectRoot, "data");

/** The shipped working-day calendar in Kazakhstan's time zone. */
export async function shippedCalendar(): Promise<WorkingCalendar> {
  return WorkingCalendar.create(await loadCalendarYears(dataDir), "Asia/Almaty");
}

export const shippedReferenceData = () => loadReferenceData(dataDir);

/** A complete draft as the dialogue would submit it. */
export function draft(overrides: Partial<AppealDraft> = {}): AppealDraft {
  return {
    language: "kk",
    kind: "complaint",
    categoryId: "utilities",
    regionId: "almaty_city",
    agencyId: "akimat_almaty_city",
    text: "Үйімізде үш күннен бері ыстық су жоқ.",
    attachments: [],
    applicant: { fullName: "Айгүл Серікова", iin: "900101400003", phone: "+77011234567", postalAddress: "Алматы, Абай даңғылы 10, 5 пәтер" },
    emergency: false,
    ...overrides,
  };
}

/** The log stand-ins of the tests, under a fixed key. */
export const testLogRef = createLogRef("a log key for the tests, not secret at all");
