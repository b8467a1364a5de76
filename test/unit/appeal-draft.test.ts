import { describe, expect, it } from "vitest";
import { appealDraftSchema } from "../../src/core/appeal/appeal-draft.js";
import { formatAppealNumber, parseAppealNumber } from "../../src/core/appeal/appeal-number.js";

describe("appeal numbers", () => {
  it("formats and reads back a number typed by a person", () => {
    expect(formatAppealNumber("ALA", 2026, 42)).toBe("ALA-2026-000042");
    expect(parseAppealNumber(" ala-2026-000042 ")).toBe("ALA-2026-000042");
    expect(parseAppealNumber("ALA-26-42")).toBeUndefined();
  });
});

describe("appeal drafts", () => {
  const valid = {
    language: "ru",
    kind: "inquiry",
    categoryId: "utilities",
    regionId: "almaty_city",
    agencyId: "akimat_almaty_city",
    text: "Когда починят освещение во дворе?",
    applicant: { fullName: "Иван Петров", iin: "900101 400003", phone: "+77011234567", postalAddress: "Алматы, ул. Абая 1" },
  };

  it("accepts a complete draft and normalizes the IIN", () => {
    const parsed = appealDraftSchema.parse(valid);
    expect(parsed).toMatchObject({ attachments: [], emergency: false, applicant: { iin: "900101400003" } });
  });

  it("refuses a wrong IIN, a too short text and a missing applicant outside emergencies", () => {
    const issues = (draft: unknown) => (appealDraftSchema.safeParse(draft).error?.issues ?? []).map((i) => `${i.path.join(".")}: ${i.message}`);
    expect(issues({ ...valid, applicant: { ...valid.applicant, iin: "900101400004" } })).toEqual(["applicant.iin: not a valid IIN: bad_check_digit"]);
    expect(issues({ ...valid, text: "свет" })).toEqual(["text: Too small: expected string to have >=10 characters"]);
    expect(issues({ ...valid, applicant: null })).toEqual(["applicant: only an emergency report may be submitted without the applicant's details"]);
    expect(issues({ ...valid, applicant: null, emergency: true })).toEqual([]);
  });
});
