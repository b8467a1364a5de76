import { describe, expect, it } from "vitest";
import { checkReferenceData } from "../../src/core/reference/check-reference-data.js";
import { agencySchema, categorySchema, type ReferenceData } from "../../src/core/reference/reference-data.js";
import { routeAppeal } from "../../src/core/reference/route-appeal.js";

const name = (ru: string) => ({ kk: ru, ru });
const data: ReferenceData = {
  regions: [
    { id: "almaty_city", kind: "city", name: name("Алматы"), districts: [] },
    { id: "astana_city", kind: "city", name: name("Астана"), districts: [] },
  ],
  categories: [
    { id: "utilities", name: name("ЖКХ"), term_working_days: 15, emergency: false },
    { id: "crimes_threats", name: name("Преступления"), term_working_days: 15, emergency: true },
  ],
  agencies: [
    { id: "akimat_almaty_city", prefix: "ALA", name: name("Акимат Алматы"), region: "almaty_city", parent: null },
    { id: "akimat_astana_city", prefix: "AST", name: name("Акимат Астаны"), region: "astana_city", parent: null },
    { id: "almaty_energy", prefix: "ALE", name: name("Управление энергетики"), region: "almaty_city", parent: "akimat_almaty_city" },
    { id: "ministry_internal_affairs", prefix: "MVD", name: name("МВД"), parent: null },
  ],
  routing: [
    { category: "*", region: "almaty_city", agency: "akimat_almaty_city" },
    { category: "*", region: "astana_city", agency: "akimat_astana_city" },
    { category: "utilities", region: "almaty_city", agency: "almaty_energy" },
    { category: "crimes_threats", region: "*", agency: "ministry_internal_affairs" },
  ],
};

describe("routeAppeal", () => {
  it("prefers category and region, then category anywhere, then the region", () => {
    expect(routeAppeal(data.routing, "utilities", "almaty_city")).toBe("almaty_energy");
    expect(routeAppeal(data.routing, "utilities", "astana_city")).toBe("akimat_astana_city");
    expect(routeAppeal(data.routing, "crimes_threats", "almaty_city")).toBe("ministry_internal_affairs");
    expect(routeAppeal(data.routing, "utilities", "shymkent_city")).toBeUndefined();
  });
});

describe("checkReferenceData", () => {
  it("accepts consistent data", () => {
    expect(checkReferenceData(data)).toEqual([]);
  });

  it("reports duplicates, dangling references and a region with no route", () => {
    const broken: ReferenceData = {
      ...data,
      regions: [...data.regions, { id: "shymkent_city", kind: "city", name: name("Шымкент"), districts: [] }],
      agencies: [...data.agencies, { id: "akimat_shymkent", prefix: "ALA", name: name("Акимат Шымкента"), region: "shymkent_city", parent: "nobody" }],
      routing: [...data.routing, { category: "*", region: "almaty_city", agency: "ghost" }],
    };
    expect(checkReferenceData(broken).map((p) => p.message)).toEqual([
      "prefix 'ALA' appears twice; make it unique.",
      "rule for category × region '* × almaty_city' appears twice; make it unique.",
      "agency 'akimat_shymkent' names unknown parent 'nobody'.",
      "rule * × almaty_city → ghost: unknown agency.",
      "no agency for category 'utilities' in region 'shymkent_city'; add a rule (a '*' rule for the region is enough).",
    ]);
  });

  it("refuses an agency name ending with a period, which the texts' own period would double", () => {
    const agency = { id: "almaty_parks", prefix: "ALP", name: { kk: "Саябақтар басқармасы", ru: "Управление парков г. Алматы." } };
    expect(agencySchema.safeParse(agency).error?.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`)).toEqual([
      "name.ru: an agency's name must not end with a period: the texts add their own after it",
    ]);
    expect(agencySchema.safeParse({ ...agency, name: { ...agency.name, ru: "Управление парков г. Алматы" } }).success).toBe(true);
  });
});

describe("categorySchema", () => {
  it("takes a hint of one short line in each language and refuses one over 80 characters", () => {
    const category = { id: "utilities", name: name("ЖКХ") };
    expect(categorySchema.parse({ ...category, hint: name("Отопление, вода, свет") }).hint).toEqual(name("Отопление, вода, свет"));
    const refused = categorySchema.safeParse({ ...category, hint: { kk: "Жылу", ru: "а".repeat(81) } });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.path).toEqual(["hint", "ru"]);
  });
});
