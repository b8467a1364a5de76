import { describe, expect, it } from "vitest";
import type { SavedValue } from "../../src/core/ports/conversation-store.js";
import { hintLines, matchChoice, optionsOf, pageOf, pageSize, type Option } from "../../src/engine/choices.js";
import type { NodeOf } from "../../src/engine/flow-schema.js";
import { button, context, flows, moreButton, plainChoices, previousButton, reference } from "../support/engine-inline.js";

function chooseNode(nodeId: string): NodeOf<"choose"> {
  const node = flows["report"]?.nodes[nodeId];
  if (node?.type !== "choose") throw new Error(`report.${nodeId} is not a choose node`);
  return node;
}

const options = (nodeId: string, data: Readonly<Record<string, SavedValue>> = {}, lng: "kk" | "ru" = "ru"): Option[] => optionsOf(chooseNode(nodeId), context(), data, lng);

// complaint, proposal, application, number: one page.
const kinds = options("kind");
// Ten categories: eight on the first page, two on the second.
const categories = options("category");
const regions = options("region");

const typed = (text: string, list: readonly Option[] = kinds, page = 0) => matchChoice({ text }, list, page);
const pressed = (payload: string, list: readonly Option[] = kinds, page = 0) => matchChoice({ payload }, list, page);
const option = (id: string) => ({ type: "option", id });
const none = { type: "none" };

describe("hintLines", () => {
  // Hints on all categories but "other", so a line without one shows just the name.
  const hinted = {
    ...context(),
    reference: {
      ...reference,
      categories: reference.categories.map((category) => (category.id === "other" ? category : { ...category, hint: { kk: `${category.id} kk`, ru: `${category.id} ru` } })),
    },
  };
  const hintedCategories = (lng: "kk" | "ru") => optionsOf(chooseNode("category"), hinted, {}, lng);

  it("numbers the shown page's options as their buttons are numbered, with each hint in the citizen's language", () => {
    const first = pageOf(hintedCategories("kk"), 0).shown;
    expect(hintLines(first, hinted, "kk")?.split("\n").slice(0, 2)).toEqual(["1. Тұрғын үй-коммуналдық шаруашылық — utilities kk", "2. Жолдар — roads kk"]);
    expect(hintLines(pageOf(hintedCategories("ru"), 1).shown, hinted, "ru")).toBe("1. Преступления и угрозы — crimes ru\n2. Другое");
  });

  it("gives nothing when no shown option has a hint", () => {
    expect(hintLines(pageOf(categories, 0).shown, context(), "ru")).toBeUndefined();
    expect(hintLines(kinds, context(), "ru")).toBeUndefined();
  });
});

describe("optionsOf", () => {
  it("labels static options with their text keys and knows their names in both languages", () => {
    expect(kinds[0]).toEqual({ id: "complaint", choice: button("complaint", "report:kind.complaint"), names: ["Шағым", "Жалоба"] });
    expect(kinds.map((candidate) => candidate.id)).toEqual(["complaint", "proposal", "application", "number"]);
  });

  it("shows reference items by name in the citizen's language and matches them in both", () => {
    expect(options("category", {}, "kk")[1]).toEqual({ id: "roads", choice: { id: "roads", label: { plain: "Жолдар" } }, names: ["Жолдар", "Дороги"] });
    expect(categories[1]?.choice).toEqual({ id: "roads", label: { plain: "Дороги" } });
  });

  it("offers the districts of the saved region, and none without one", () => {
    expect(options("district", { regionId: "almaty_city" }).map((candidate) => candidate.id)).toEqual(["medeu", "bostandyk"]);
    expect(options("district", { regionId: "astana" }).map((candidate) => candidate.id)).toEqual(["esil"]);
    expect(options("district", { regionId: "almaty_region" })).toEqual([]);
    expect(options("district", {})).toEqual([]);
    expect(options("district", { regionId: "atlantis" })).toEqual([]);
  });
});

describe("pageOf", () => {
  it("shows a short list whole, without paging buttons", () => {
    expect(pageOf(kinds, 0)).toEqual({ shown: kinds, choices: kinds.map((candidate) => candidate.choice), page: 0 });
  });

  it("shows a long list a page at a time with 'more' and 'previous' only where they lead somewhere", () => {
    expect(pageSize).toBe(8);
    expect(pageOf(categories, 0)).toEqual({ shown: categories.slice(0, 8), choices: [...plainChoices(reference.categories.slice(0, 8), "ru"), moreButton], page: 0 });
    expect(pageOf(categories, 1)).toEqual({ shown: categories.slice(8), choices: [...plainChoices(reference.categories.slice(8), "ru"), previousButton], page: 1 });
  });

  it("keeps a page number from an old message within the list", () => {
    expect(pageOf(categories, 7).page).toBe(1);
    expect(pageOf(categories, -3).page).toBe(0);
    expect(pageOf([], 0)).toEqual({ shown: [], choices: [], page: 0 });
  });
});

describe("matchChoice", () => {
  it("takes a pressed button by its id, from any page", () => {
    expect(pressed("proposal")).toEqual(option("proposal"));
    expect(pressed("other", categories, 0)).toEqual(option("other"));
  });

  it("ignores a button id that is not one of the options", () => {
    expect(pressed("forged")).toEqual(none);
    expect(pressed("")).toEqual(none);
  });

  it.each(["2", "2.", "2)", " 2 ", "02"])("reads %j as the second button", (input) => {
    expect(typed(input)).toEqual(option("proposal"));
  });

  it.each(["0", "5", "999", "-"])("finds nothing for %j, which is not a button's number", (input) => {
    expect(typed(input)).toEqual(none);
  });

  it.each([
    ["Шағым", "complaint"],
    ["Жалоба", "complaint"],
    ["ұсыныс", "proposal"],
    ["Предложение", "proposal"],
    ["ШАҒЫМ", "complaint"],
    ["шагым", "complaint"],
    ["  жалоба!  ", "complaint"],
    ["ЖАЛОБА", "complaint"],
  ])("reads the label %j typed in either language, case and Kazakh letters folded", (input, id) => {
    expect(typed(input)).toEqual(option(id));
  });

  it("reads a label typed in the other language than the conversation's", () => {
    const kazakhButtons = options("kind", {}, "kk");
    expect(typed("Заявление", kazakhButtons)).toEqual(option("application"));
    expect(typed("өтініш", kinds)).toEqual(option("application"));
  });

  it("accepts the start of one label only, from three letters", () => {
    expect(typed("предлож")).toEqual(option("proposal"));
    expect(typed("ұсын")).toEqual(option("proposal"));
    expect(typed("здраво", categories)).toEqual(option("health"));
    expect(typed("пр")).toEqual(none);
  });

  it("accepts a whole word found in one label only", () => {
    expect(typed("номер")).toEqual(option("number"));
    expect(typed("нөмір")).toEqual(option("number"));
    expect(typed("услуги", categories)).toEqual(option("utilities"));
    expect(typed("транспорт", categories)).toEqual(option("transport"));
  });

  it("finds nothing when the text fits several options", () => {
    // "Алматы қаласы", "город Алматы" and "Алматы облысы" all have the word.
    expect(typed("алматы", regions)).toEqual(none);
    // "Тұрғын үй" and "Тұрғын үй-коммуналдық шаруашылық" both start with it.
    expect(typed("тұрғын", categories)).toEqual(none);
    expect(typed("город", regions)).toEqual(none);
  });

  it("prefers a label typed exactly over longer labels that start with it", () => {
    expect(typed("тұрғын үй", categories)).toEqual(option("housing"));
    expect(typed("жилье", categories)).toEqual(option("housing"));
  });

  it("finds nothing in text without letters or digits, or unrelated text", () => {
    expect(typed("   ")).toEqual(none);
    expect(typed("👍")).toEqual(none);
    expect(typed("не знаю")).toEqual(none);
  });

  it("finds a label typed from another page than the one shown", () => {
    expect(typed("Другое", categories, 0)).toEqual(option("other"));
    expect(typed("дороги", categories, 1)).toEqual(option("roads"));
  });

  describe("with pages", () => {
    it("turns the page by the paging buttons only when they are offered", () => {
      expect(pressed("p:next", categories, 0)).toEqual({ type: "page", delta: 1 });
      expect(pressed("p:prev", categories, 1)).toEqual({ type: "page", delta: -1 });
      expect(pressed("p:prev", categories, 0)).toEqual(none);
      expect(pressed("p:next", categories, 1)).toEqual(none);
      expect(pressed("p:next", kinds, 0)).toEqual(none);
    });

    it("numbers the visible page, the paging buttons included", () => {
      expect(typed("1", categories, 0)).toEqual(option("utilities"));
      expect(typed("8", categories, 0)).toEqual(option("ecology"));
      expect(typed("9", categories, 0)).toEqual({ type: "page", delta: 1 });
      expect(typed("10", categories, 0)).toEqual(none);
      expect(typed("1", categories, 1)).toEqual(option("crimes"));
      expect(typed("2", categories, 1)).toEqual(option("other"));
      expect(typed("3", categories, 1)).toEqual({ type: "page", delta: -1 });
      expect(typed("4", categories, 1)).toEqual(none);
    });
  });
});
