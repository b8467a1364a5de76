import { describe, expect, it } from "vitest";
import type { Inbound } from "../../src/core/inbound.js";
import type { Conversation } from "../../src/core/ports/conversation-store.js";
import type { Effect } from "../../src/engine/effects.js";
import type { FlowNode } from "../../src/engine/flow-schema.js";
import { step } from "../../src/engine/step.js";
import {
  messageKey,
  atReport as at,
  button,
  consentPrompt,
  conversationAt,
  doneButton,
  hint,
  kindPrompt,
  menuPrompt,
  nameOf,
  photo,
  plainChoices,
  press,
  previousButton,
  reference,
  reportPrompt,
  reportStateAt as upTo,
  reportSummaryParams,
  run,
  context,
  flows,
  savedPhoto,
  sent,
  text,
  whichFieldPrompt,
} from "../support/engine-inline.js";

const full = upTo("summary");
const summaryParams = reportSummaryParams("ru");
const summaryPrompt = reportPrompt("summary", full.data, "ru", summaryParams);

/** One step of `report` with one of its nodes changed, e.g. an option the shipped flows use. */
function runPatched(nodeId: string, patch: Partial<FlowNode>, conversation: Conversation, inbound: Inbound) {
  const report = flows["report"];
  if (!report) throw new Error("no report flow");
  const node = { ...report.nodes[nodeId], ...patch } as FlowNode;
  return step(context(undefined, {}, { ...flows, report: { ...report, nodes: { ...report.nodes, [nodeId]: node } } }), conversation, inbound, conversation.id);
}

describe("ask", () => {
  const atText = at("text");

  it("refuses text shorter than min_length, saying the minimum, and asks again", () => {
    const { conversation, effects } = run(atText, text("Коротко"));
    expect(effects).toEqual([hint("common:hint.too_short", { min: 10, count: 10 }), reportPrompt("text", {}, "ru")]);
    expect(conversation).toEqual(atText);
  });

  it("accepts 4,000 characters and refuses 4,001, saying the limit and the length", () => {
    expect(run(atText, text("а".repeat(4_001))).effects).toEqual([hint("common:hint.too_long", { max: 4_000, length: 4_001, count: 4_000 }), reportPrompt("text", {}, "ru")]);
    const { conversation, effects } = run(atText, text(` ${"а".repeat(4_000)} `));
    expect(effects).toEqual([reportPrompt("full_name", {}, "ru")]);
    expect(conversation).toEqual(conversationAt("report", "full_name", { data: { ...atText.data, text: "а".repeat(4_000) }, trail: [...atText.trail, "text"] }));
  });

  it.each(["🙂🙂🙂", "!!! ???", "\u200b"])("asks for words when %j has no letters or digits", (input) => {
    const { conversation, effects } = run(atText, text(input));
    expect(effects).toEqual([hint("common:hint.words_expected"), reportPrompt("text", {}, "ru")]);
    expect(conversation).toEqual(atText);
  });

  it("asks for text when a node that does not accept media gets a photo", () => {
    const atName = at("full_name");
    expect(run(atName, photo("F9")).effects).toEqual([hint("common:hint.text_expected"), reportPrompt("full_name", {}, "ru")]);
  });

  it("with accept_media keeps photos as attachments, and a caption long enough answers the question", () => {
    const first = run(atText, photo("F1"));
    expect(first.effects).toEqual([sent("common:hint.media_received", { params: { count: 1 }, choices: [doneButton] })]);
    expect(first.conversation).toEqual({ ...atText, data: { ...atText.data, text_attachments: [savedPhoto("F1")] } });

    const short = run(first.conversation, photo("F2", " фото "));
    expect(short.effects).toEqual([sent("common:hint.media_received", { params: { count: 2 }, choices: [doneButton] })]);
    expect(short.conversation.nodeId).toBe("text");

    const captioned = run(first.conversation, photo("F2", "Во дворе нет света третий день"));
    expect(captioned.effects).toEqual([reportPrompt("full_name", {}, "ru")]);
    expect(captioned.conversation).toEqual(
      conversationAt("report", "full_name", {
        data: { ...atText.data, text_attachments: [savedPhoto("F1"), savedPhoto("F2")], text: "Во дворе нет света третий день" },
        trail: [...atText.trail, "text"],
      }),
    );
  });

  it("with accept_media takes at most 10 files, as an appeal does", () => {
    const ten = Array.from({ length: 10 }, (_, index) => savedPhoto(`F${index}`));
    const full = { ...atText, data: { ...atText.data, text_attachments: ten } };
    const eleventh = run(full, photo("F10"));
    expect(eleventh.effects).toEqual([hint("common:hint.media_limit", { max: 10, count: 10 }), reportPrompt("text", {}, "ru")]);
    expect(eleventh.conversation.data["text_attachments"]).toEqual(ten);
  });

  describe("validate: iin", () => {
    const atIin = at("iin");

    it.each([
      ["90010130001A", "common:hint.iin.not_digits"],
      ["12345", "common:hint.iin.wrong_length"],
      ["991301300000", "common:hint.iin.bad_date"],
      ["990101000000", "common:hint.iin.bad_date"],
      ["900101300010", "common:hint.iin.bad_check_digit"],
      ["900101300800", "common:hint.iin.unverifiable"],
    ])("refuses %j with %s", (input, key) => {
      const { conversation, effects } = run(atIin, text(input));
      expect(effects).toEqual([hint(key), reportPrompt("iin", {}, "ru")]);
      expect(conversation).toEqual(atIin);
    });

    it("saves a valid IIN without the spaces typed in it", () => {
      const { conversation, effects } = run(atIin, text("900101 300017"));
      expect(effects).toEqual([reportPrompt("phone", {}, "ru")]);
      expect(conversation).toEqual(at("phone"));
    });
  });

  describe("validate: appeal_number", () => {
    const atNumber = conversationAt("lookup", "number");

    it("saves the number in its canonical form and hands it to the action", () => {
      const { conversation, effects } = run(atNumber, text("  ala-2026-000042 "));
      expect(effects).toEqual([{ type: "action", action: "show_appeal", input: { number: "ALA-2026-000042", page: 0 }, done: "lookup:shown" }, menuPrompt]);
      expect(conversation).toEqual(conversationAt("menu", "main"));
    });

    it.each(["ALA-26-42", "номер 42", "ALA2026000042"])("refuses %j with an example", (input) => {
      const { conversation, effects } = run(atNumber, text(input));
      expect(effects).toEqual([hint("common:hint.appeal_number"), sent("lookup:number")]);
      expect(conversation).toEqual(atNumber);
    });
  });

  describe("validate: full_name", () => {
    const atName = at("full_name");

    it("saves a name of two words or more", () => {
      const { conversation, effects } = run(atName, text(" Серікова Айгүл "));
      expect(effects).toEqual([reportPrompt("iin", {}, "ru")]);
      expect(conversation).toEqual(at("iin"));
    });

    it.each(["Айгүл 007", "@aigul kz"])("refuses %j", (input) => {
      expect(run(atName, text(input)).effects).toEqual([hint("common:hint.full_name"), reportPrompt("full_name", {}, "ru")]);
    });

    it("asks for the surname too when only a first name is given, not for letters", () => {
      expect(run(atName, text("Айгүл")).effects).toEqual([hint("common:hint.full_name_one_word"), reportPrompt("full_name", {}, "ru")]);
    });
  });
});

describe("choose", () => {
  const atKind = at("kind");

  it("saves a static option and goes to next", () => {
    const { conversation, effects } = run(atKind, press("complaint"));
    expect(effects).toEqual([reportPrompt("category", {}, "ru")]);
    expect(conversation).toEqual(at("category"));
  });

  it("follows the option's route", () => {
    const { conversation, effects } = run(atKind, text("Заявление"));
    expect(effects).toEqual([sent("report:application_note", { params: { kind: "application", kindName: "заявление" } }), reportPrompt("category", {}, "ru")]);
    expect(conversation).toEqual(at("category", { data: { kind: "application" } }));
  });

  it("refuses what is not an option, and anything but text or a button", () => {
    expect(run(atKind, text("не знаю")).effects).toEqual([hint("common:hint.choose"), kindPrompt]);
    expect(run(atKind, { type: "location", latitude: 43, longitude: 76 }).effects).toEqual([hint("common:hint.choose"), kindPrompt]);
    expect(run(atKind, text("не знаю")).conversation).toEqual(atKind);
  });

  it("offers reference data by name, and the next node offers the districts of the region chosen", () => {
    const { conversation, effects } = run(at("region"), text("город Алматы"));
    expect(effects).toEqual([sent("report:district", { choices: plainChoices(reference.regions[0]?.districts ?? [], "ru") })]);
    expect(conversation).toEqual(at("district"));
    expect(run(at("region"), text("2")).effects).toEqual([sent("report:district", { choices: [{ id: "esil", label: { plain: "район Есиль" } }] })]);
  });

  it("turns the page and keeps it, so numbers refer to what the citizen sees", () => {
    const next = run(at("category"), press("p:next"));
    expect(next.effects).toEqual([sent("report:category", { choices: [...plainChoices(reference.categories.slice(8), "ru"), previousButton] })]);
    expect(next.conversation).toEqual(at("category", { page: 1 }));
    const picked = run(next.conversation, text("1"));
    expect(picked.conversation).toEqual(at("region", { data: { kind: "complaint", categoryId: "crimes" } }));
    expect(run(next.conversation, text("3")).conversation.page).toBe(0);
  });

  it("skips a list with nothing to choose from, without a prompt and without a place in the trail", () => {
    const { conversation, effects } = run(at("region"), press("almaty_region"));
    expect(effects).toEqual([
      sent("report:agency", {
        params: { agency: "Акимат Алматинской области" },
        choices: [button("yes", "common:choice.agency_ok"), button("other", "common:choice.agency_other")],
      }),
    ]);
    expect(conversation).toEqual(
      conversationAt("report", "agency", { data: { kind: "complaint", categoryId: "roads", regionId: "almaty_region" }, trail: ["kind", "category", "region"] }),
    );
  });
});

describe("suggest_agency", () => {
  const atAgency = at("agency");
  const atText = at("text");

  it("suggests the agency that routing gives for the category and region, in the citizen's language", () => {
    expect(run(at("district"), press("medeu")).effects).toEqual([reportPrompt("agency", upTo("agency").data, "ru")]);
    const health = at("district", { data: { ...upTo("district").data, categoryId: "health" }, language: "kk" });
    expect(run(health, press("medeu")).effects).toEqual([
      sent("report:agency", {
        params: { agency: nameOf(reference.agencies, "ministry_health", "kk") },
        choices: [button("yes", "common:choice.agency_ok"), button("other", "common:choice.agency_other")],
      }),
    ]);
  });

  it.each([press("yes"), text("иә"), text("Иә"), text("да"), text("Да!"), text("1")])("saves the suggested agency on %j", (inbound) => {
    const { conversation, effects } = run(atAgency, inbound);
    expect(effects).toEqual([reportPrompt("text", {}, "ru")]);
    expect(conversation).toEqual(atText);
  });

  it.each([press("other"), text("другой"), text("басқа"), text("2")])("lets the citizen pick another agency on %j", (inbound) => {
    const { conversation, effects } = run(atAgency, inbound);
    expect(effects).toEqual([reportPrompt("agency_pick", {}, "ru")]);
    expect(conversation).toEqual(conversationAt("report", "agency_pick", { data: upTo("agency").data, trail: [...atAgency.trail, "agency"] }));
    const picked = run(conversation, text("Министерство внутренних дел"));
    expect(picked.conversation.data["agencyId"]).toBe("police");
    expect(picked.conversation.nodeId).toBe("text");
  });

  it("without confirm takes the agency routing finds, says which, and asks the next question", () => {
    const { conversation, effects } = runPatched("agency", { confirm: false }, at("district"), press("medeu"));
    expect(effects).toEqual([sent("report:agency", { params: { agency: nameOf(reference.agencies, "akimat_almaty", "ru") } }), reportPrompt("text", {}, "ru")]);
    expect(conversation).toEqual(conversationAt("report", "text", { data: upTo("text").data, trail: ["kind", "category", "region", "district"] }));
  });

  it("asks again on anything else", () => {
    const { conversation, effects } = run(atAgency, text("может быть"));
    expect(effects).toEqual([hint("common:hint.choose"), reportPrompt("agency", atAgency.data, "ru")]);
    expect(conversation).toEqual(atAgency);
  });
});

describe("ask_contact", () => {
  const atPhone = at("phone");

  it("saves the citizen's own contact as + and digits", () => {
    const { conversation, effects } = run(atPhone, { type: "contact", phone: "7 701 123-45-67", own: true });
    expect(effects).toEqual([reportPrompt("location", {}, "ru")]);
    expect(conversation).toEqual(at("location"));
  });

  it("refuses someone else's contact", () => {
    const { conversation, effects } = run(atPhone, { type: "contact", phone: "+77017654321", own: false });
    expect(effects).toEqual([hint("common:hint.own_contact"), reportPrompt("phone", {}, "ru")]);
    expect(conversation).toEqual(atPhone);
  });

  it("refuses a typed number, which nobody vouches for", () => {
    expect(run(atPhone, text("+77011234567")).effects).toEqual([hint("common:hint.share_contact"), reportPrompt("phone", {}, "ru")]);
  });

  it("takes the number the channel vouches for without asking, and 'back' skips the question", () => {
    const sender = { verifiedPhone: "77011234567" };
    const { conversation, effects } = run(at("iin"), text("900101300017"), { sender });
    expect(effects).toEqual([reportPrompt("location", {}, "ru")]);
    expect(conversation).toEqual(at("location", { trail: upTo("phone").trail }));
    expect(conversation.trail).not.toContain("phone");

    const back = run(conversation, text("назад"), { sender });
    expect(back.effects).toEqual([reportPrompt("iin", {}, "ru")]);
    expect(back.conversation.nodeId).toBe("iin");
  });
});

describe("ask_location", () => {
  const atLocation = at("location");

  it("saves a location", () => {
    const { conversation, effects } = run(atLocation, { type: "location", latitude: 43.2389, longitude: 76.8897 });
    expect(effects).toEqual([reportPrompt("media", {}, "ru")]);
    expect(conversation).toEqual(at("media"));
  });

  it.each([
    [91, 76],
    [-90.5, 76],
    [43, 180.1],
    [43, -181],
    [Number.NaN, 76],
  ])("refuses latitude %d, longitude %d", (latitude, longitude) => {
    const { conversation, effects } = run(atLocation, { type: "location", latitude, longitude });
    expect(effects).toEqual([hint("common:hint.location"), reportPrompt("location", {}, "ru")]);
    expect(conversation).toEqual(atLocation);
  });

  it.each([press("skip"), text("Пропустить"), text("өткізу"), text("0")])("goes on without a location on %j", (inbound) => {
    const { conversation, effects } = run(atLocation, inbound);
    expect(effects).toEqual([reportPrompt("media", {}, "ru")]);
    expect(conversation).toEqual(conversationAt("report", "media", { data: upTo("location").data, trail: upTo("media").trail }));
  });

  it("refuses an address typed instead", () => {
    expect(run(atLocation, text("ул. Абая 10")).effects).toEqual([hint("common:hint.location"), reportPrompt("location", {}, "ru")]);
  });

  it("reads typed numbers as every channel shows the buttons: 1 is the location request, 2 skips", () => {
    expect(run(atLocation, text("1")).effects).toEqual([hint("common:hint.location"), reportPrompt("location", {}, "ru")]);
    expect(run(atLocation, text("2")).conversation.nodeId).toBe("media");
  });
});

describe("ask_media", () => {
  const atMedia = at("media");
  const received = (count: number): Effect => sent("common:hint.media_received", { params: { count }, choices: [doneButton] });

  it("collects files up to max, then refuses more and keeps what it has", () => {
    const first = run(atMedia, photo("F1"));
    expect(first.effects).toEqual([received(1)]);
    const second = run(first.conversation, photo("F2"));
    expect(second.effects).toEqual([received(2)]);
    expect(second.conversation).toEqual({ ...atMedia, data: { ...atMedia.data, attachments: [savedPhoto("F1"), savedPhoto("F2")] } });

    const third = run(second.conversation, photo("F3"));
    expect(third.effects).toEqual([hint("common:hint.media_limit", { max: 2, count: 2 }), reportPrompt("media", {}, "ru")]);
    expect(third.conversation).toEqual(second.conversation);

    const done = run(third.conversation, press("done"));
    expect(done.effects).toEqual([summaryPrompt]);
    expect(done.conversation).toEqual(at("summary"));
  });

  it.each([text("готово"), text("Дайын"), text("0")])("goes on with no files on %j", (inbound) => {
    const { conversation } = run(atMedia, inbound);
    expect(conversation).toEqual(conversationAt("report", "summary", { data: { ...atMedia.data, attachments: [] }, trail: full.trail }));
  });

  it("asks for a file or 'done' on other text", () => {
    expect(run(atMedia, text("вот")).effects).toEqual([hint("common:hint.media_expected"), reportPrompt("media", {}, "ru")]);
  });

  it("with location_into keeps a shared map point beside the files, and goes on with both on 'done'", () => {
    const point = { type: "location", latitude: 43.2389, longitude: 76.8897 } as const;
    const withPoint = runPatched("media", { location_into: "place" }, atMedia, point);
    expect(withPoint.effects).toEqual([sent("common:hint.location_received", { choices: [doneButton] })]);
    expect(withPoint.conversation).toEqual({ ...atMedia, data: { ...atMedia.data, place: { latitude: 43.2389, longitude: 76.8897 } } });
    const done = runPatched("media", { location_into: "place" }, runPatched("media", { location_into: "place" }, withPoint.conversation, photo("F1")).conversation, press("done"));
    expect(done.conversation.nodeId).toBe("summary");
    expect(done.conversation.data).toMatchObject({ place: { latitude: 43.2389, longitude: 76.8897 }, attachments: [savedPhoto("F1")] });
  });

  it("without location_into refuses a map point, and with it refuses coordinates off the globe", () => {
    const point = { type: "location", latitude: 43.2389, longitude: 76.8897 } as const;
    expect(run(atMedia, point).effects).toEqual([hint("common:hint.media_expected"), reportPrompt("media", {}, "ru")]);
    expect(runPatched("media", { location_into: "place" }, atMedia, { ...point, latitude: 91 }).conversation).toEqual(atMedia);
  });
});

describe("summary", () => {
  const atSummary = at("summary");

  it.each([press("confirm"), text("Подтверждаю"), text("1")])("goes on when the citizen confirms with %j", (inbound) => {
    const { conversation } = run(atSummary, inbound);
    expect(conversation).toEqual(conversationAt("menu", "main"));
  });

  it("edits one field from a list and comes back to the summary, not to the field's next", () => {
    const list = run(atSummary, press("edit"));
    expect(list.effects).toEqual([whichFieldPrompt]);
    expect(list.conversation).toEqual({ ...atSummary, page: 1 });

    const field = run(list.conversation, press("e1"));
    expect(field.effects).toEqual([reportPrompt("text", {}, "ru")]);
    expect(field.conversation).toEqual(at("text", { data: full.data, trail: [...full.trail, "summary"], returnTo: "summary" }));

    const edited = run(field.conversation, text("Во дворе нет света уже неделю"));
    expect(edited.effects).toEqual([reportPrompt("summary", {}, "ru", { ...summaryParams, text: "Во дворе нет света уже неделю" })]);
    expect(edited.conversation).toEqual(at("summary", { data: { ...full.data, text: "Во дворе нет света уже неделю" }, trail: [...full.trail, "summary", "text"] }));
  });

  it("takes the field list by number, and its last line leads back to the summary", () => {
    const list = { ...atSummary, page: 1 };
    expect(run(atSummary, text("2")).conversation).toEqual(list);
    expect(run(list, text("3")).effects).toEqual([reportPrompt("full_name", {}, "ru")]);
    expect(run(list, press("s")).effects).toEqual([summaryPrompt]);
    expect(run(list, text("4")).conversation).toEqual(atSummary);
  });

  it("asks again on a field that is not on the list", () => {
    const list = { ...atSummary, page: 1 };
    expect(run(list, press("e7")).effects).toEqual([hint("common:hint.choose"), whichFieldPrompt]);
    expect(run(atSummary, text("может быть")).effects).toEqual([hint("common:hint.choose"), summaryPrompt]);
  });
});

describe("action", () => {
  it("asks the host to act with the input the action needs and the text to send when done", () => {
    const atSummary = at("summary", { data: { ...full.data, kind: "proposal" } });
    const { effects } = run(atSummary, press("confirm"));
    expect(effects).toEqual([
      {
        type: "action",
        action: "submit_appeal",
        input: {
          language: "ru",
          kind: "proposal",
          categoryId: "roads",
          regionId: "almaty_city",
          districtId: "medeu",
          agencyId: "akimat_almaty",
          text: "Во дворе нет света третий день",
          location: { latitude: 43.2389, longitude: 76.8897 },
          attachments: [savedPhoto("F1"), savedPhoto("F2")],
          applicant: { fullName: "Серікова Айгүл", iin: "900101300017", phone: "+77011234567", postalAddress: null },
          emergency: false,
          draftKey: messageKey,
        },
        done: "report:coupon",
      },
      menuPrompt,
    ]);
  });

  it("set_language changes the conversation's language", () => {
    const { conversation, effects } = run(conversationAt("language", "pick"), text("Қазақша"));
    expect(effects).toEqual([{ type: "set_language", language: "kk" }, sent("language:changed", { params: { language: "kk" } }), menuPrompt]);
    expect(conversation).toEqual(conversationAt("menu", "main", { language: "kk" }));
  });

  it("record_consent records the consent in the conversation", () => {
    const { conversation, effects } = run(conversationAt("consent", "ask", { consented: false }), press("agree"));
    expect(effects).toEqual([{ type: "action", action: "record_consent", input: {} }, sent("consent:thanks", { params: { answer: "agree" } }), menuPrompt]);
    expect(conversation).toEqual(conversationAt("menu", "main", { consented: true }));
  });
});

describe("branch", () => {
  const submitted = (kind: string): Effect[] => {
    const effects = run(at("summary", { data: { ...full.data, kind } }), press("confirm")).effects;
    return effects.map((effect) => (effect.type === "action" ? { ...effect, input: {} } : effect));
  };
  const submit: Effect = { type: "action", action: "submit_appeal", input: {}, done: "report:coupon" };

  it("goes to the node of the saved value's case", () => {
    expect(submitted("complaint")).toEqual([sent("report:complaint_note", { params: summaryParams }), submit, menuPrompt]);
  });

  it("goes to the default for any other value", () => {
    expect(submitted("application")).toEqual([submit, menuPrompt]);
  });
});

describe("goto", () => {
  it("starts the other flow from its start, with nothing carried over", () => {
    const { conversation, effects } = run(at("kind"), text("номер"));
    expect(effects).toEqual([sent("lookup:number")]);
    expect(conversation).toEqual(conversationAt("lookup", "number"));
  });
});

describe("say", () => {
  it("sends its text with the saved values as params and goes on", () => {
    const { conversation, effects } = run(conversationAt("menu", "main"), press("report"));
    expect(effects).toEqual([sent("report:intro", { params: {} }), kindPrompt]);
    expect(conversation).toEqual(conversationAt("report", "kind"));
  });

  it("at the end of a flow leads to the menu", () => {
    const { conversation, effects } = run(conversationAt("menu", "main"), press("about"));
    expect(effects).toEqual([sent("menu:about", { params: { choice: "about" } }), menuPrompt]);
    expect(conversation).toEqual(conversationAt("menu", "main"));
  });
});

describe("needs_consent", () => {
  it("sends a citizen without consent to the consent flow first", () => {
    const { conversation, effects } = run(conversationAt("menu", "main", { consented: false }), press("report"));
    expect(effects).toEqual([sent("common:consent.required"), consentPrompt]);
    expect(conversation).toEqual(conversationAt("consent", "ask", { consented: false, data: { afterConsent: "report" } }));
  });

  it("goes on to where the citizen was going once they agree", () => {
    const { conversation: atConsent } = run(conversationAt("menu", "main", { consented: false }), press("report"));
    const { conversation, effects } = run(atConsent, press("agree"));
    expect(effects[0]).toEqual({ type: "action", action: "record_consent", input: {} });
    expect(conversation).toMatchObject({ flowId: "report", consented: true, data: {} });
  });

  it("does not stop a flow that needs no consent", () => {
    expect(run(conversationAt("menu", "main", { consented: false }), press("lookup")).effects).toEqual([sent("lookup:number")]);
  });
});

describe("the end of a flow", () => {
  it("returns to the menu after the last node, whatever it is", () => {
    const afterSay = run(conversationAt("follow", "comment", { data: { number: "ALA-2026-000042" } }), text("Спасибо, всё решили"));
    expect(afterSay.effects).toEqual([sent("follow:thanks", { params: { number: "ALA-2026-000042", comment: "Спасибо, всё решили" } }), menuPrompt]);
    expect(afterSay.conversation).toEqual(conversationAt("menu", "main"));
    const afterAction = run(conversationAt("lookup", "number"), text("ALA-2026-000042"));
    expect(afterAction.effects.at(-1)).toEqual(menuPrompt);
  });
});
