import { describe, expect, it } from "vitest";
import { searchAgencies } from "../../src/admin/search-agencies.js";
import { shippedReferenceData } from "../support/fixtures.js";

const { agencies } = await shippedReferenceData();
const ids = (typed: string, excluded = "almaty_energy_department") => searchAgencies(agencies, typed, excluded).map((agency) => agency.id);

describe("finding the receiving agency by typing", () => {
  it("matches the start of a word of either name, in any case and word order", () => {
    expect(ids("акимат алматы")[0]).toBe("akimat_almaty_city");
    expect(ids("АЛМАТЫ АКИМАТ")[0]).toBe("akimat_almaty_city");
    expect(ids("экол алм", "akimat_almaty_city")).toEqual(["almaty_ecology_department"]);
    expect(ids("энерг алм", "akimat_almaty_city")).toEqual(["almaty_energy_department"]);
    expect(ids("пассажир")).toEqual(["almaty_transport_department"]);
  });

  it("takes Kazakh names typed in full, in part, or on a Russian keyboard", () => {
    expect(ids("Алматы қаласының әкімдігі")).toEqual(["akimat_almaty_city"]);
    expect(ids("алматы қала әкім")).toEqual(["akimat_almaty_city"]);
    expect(ids("алматы каласынын акимдиги")).toEqual(["akimat_almaty_city"]);
    expect(ids("Жол қозғалысы")).toEqual(["almaty_transport_department"]);
  });

  it("mixes the two languages' names when the words come from both", () => {
    // "акимат" is only in the Russian name, "облысы" only in the Kazakh one.
    expect(ids("акимат абай облыс")).toEqual(["akimat_abai"]);
  });

  it("puts the whole name first, then whole words, then word starts, then shorter names", () => {
    expect(ids("Министерство экологии и природных ресурсов Республики Казахстан")[0]).toBe("ministry_ecology");
    // "экологии" is a whole word of both the ministry's and the department's names; the ministry's is not shorter.
    expect(ids("экологии")).toEqual(["ministry_ecology", "almaty_ecology_department"]);
    // Almaty city's akimat has "акимат" and "алматы" as whole words of one name; the region's only across both.
    expect(ids("акимат алматы").slice(0, 2)).toEqual(["akimat_almaty_city", "akimat_almaty_region"]);
  });

  it("never offers the official's own agency, and finds nothing for what no name has", () => {
    expect(ids("Акимат города Алматы", "akimat_almaty_city")).not.toContain("akimat_almaty_city");
    expect(ids("ғарыш")).toEqual([]);
    expect(ids("  ...  ")).toEqual([]);
    // A word inside another word is not its start.
    expect(ids("снабжения")).toEqual([]);
  });

  it("finds many for a common word, so the console can ask for more", () => {
    expect(ids("облысының").length).toBeGreaterThan(8);
  });
});
