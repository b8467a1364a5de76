// The pure rules behind the officials' console: the answer-language warning, who may
// invite whom, and which actions an appeal's card offers in each status and role.
import { describe, expect, it } from "vitest";
import { appealFiles, availableActions, mapLink, officialsNamed } from "../../src/admin/appeal-card.js";
import type { CardAction } from "../../src/admin/callback-data.js";
import type { Actor, AppealStatus, Language } from "../../src/core/appeal/appeal.js";
import { appealStatuses } from "../../src/core/appeal/appeal.js";
import { officialRoles, type Official, type OfficialRole } from "../../src/core/ports/official-repository.js";
import { answerLanguageMismatch, guessLanguage } from "../../src/core/text-language.js";
import { mayInvite, normalizeInviteCode } from "../../src/core/use-cases/onboard-official.js";
import { sampleAppeal } from "../support/sample-appeal.js";

const texts = {
  kazakh: "Құрметті Айгүл Серікқызы, ыстық су 28 қарашада қалпына келтірілді. Кешіріміңізді сұраймыз.",
  kazakhCapitals: "ҚҰРМЕТТІ ӨТІНІШ БЕРУШІ, СҰРАҒЫҢЫЗ ҚАРАЛДЫ",
  russian: "Уважаемая Айгуль Сериковна, подача горячей воды восстановлена 28 ноября. Приносим извинения.",
  english: "Dear citizen, the hot water supply was restored on 28 November. We apologise.",
  /** Kazakh in the Latin alphabet of the 2021 reform. */
  kazakhLatin: "Qūrmetti Aigül, ystyq su 28 qarashada qalpyna keltirildi.",
  /** A Russian answer with a company name in Latin letters: still mostly Cyrillic. */
  russianWithLatinName: "Заявка передана в ТОО Almaty Su для замены трубы во дворе дома.",
  /** Mostly English with a few Russian words: mostly Latin. */
  englishWithRussian: "Please see the attached act of repair, подпись ниже.",
  /** A Russian answer that names a Kazakh street: one Kazakh letter makes it "Kazakh". */
  russianWithKazakhName: "Ремонт на улице Әуезова завершён, вода подана во все квартиры.",
  shortRussian: "Вода есть.",
  shortKazakh: "Су бар, рақмет",
  emoji: "👍🙏✅💧🚰😀👍🙏✅💧🚰😀",
  digits: "№ 12345 от 28.11.2026, тел. +7 701 123 45 67",
};

describe("guessLanguage", () => {
  it.each([
    ["kazakh", "kk"],
    ["kazakhCapitals", "kk"],
    ["russian", "ru"],
    ["english", "other"],
    ["kazakhLatin", "other"],
    ["russianWithLatinName", "ru"],
    ["englishWithRussian", "other"],
    ["russianWithKazakhName", "kk"],
    ["shortRussian", "unknown"],
    ["shortKazakh", "unknown"],
    ["emoji", "unknown"],
    ["digits", "unknown"],
  ] as const)("guesses %s as %s", (name, language) => {
    expect(guessLanguage(texts[name])).toBe(language);
  });

  it("needs twelve letters to guess, whatever else the text holds", () => {
    expect(guessLanguage("")).toBe("unknown");
    expect(guessLanguage("   \n\t  ")).toBe("unknown");
    expect(guessLanguage("абвгдежзийк 1234567890 !!!")).toBe("unknown");
    expect(guessLanguage("абвгдежзийкл")).toBe("ru");
    expect(guessLanguage("abcdefghijkl")).toBe("other");
  });

  it("calls a text Russian only when it is mostly Cyrillic", () => {
    expect(guessLanguage("абвгдежзи abc")).toBe("ru");
    expect(guessLanguage("абв abcdefghi")).toBe("other");
  });

  it("gives the same guess when asked twice (no regular expression state carried over)", () => {
    for (const text of Object.values(texts)) expect(guessLanguage(text)).toBe(guessLanguage(text));
  });
});

describe("answerLanguageMismatch", () => {
  const cases: readonly (readonly [keyof typeof texts, Language, boolean])[] = [
    // Kazakh, the state language, is always acceptable.
    ["kazakh", "kk", false],
    ["kazakh", "ru", false],
    // Russian is acceptable for a Russian appeal only.
    ["russian", "ru", false],
    ["russian", "kk", true],
    ["russianWithLatinName", "kk", true],
    // Neither language.
    ["english", "ru", true],
    ["english", "kk", true],
    ["englishWithRussian", "ru", true],
    // Too short or no letters: no warning rather than a wrong one.
    ["shortRussian", "kk", false],
    ["emoji", "kk", false],
    ["emoji", "ru", false],
    ["digits", "kk", false],
  ];
  it.each(cases)("%s for a %s appeal: %s", (name, language, mismatch) => {
    expect(answerLanguageMismatch(texts[name], language)).toBe(mismatch);
  });
});

describe("mayInvite", () => {
  const own = "akimat_almaty_city";
  const other = "akimat_astana_city";
  const issuer = (role: OfficialRole, active = true): Official => ({
    id: `telegram:${role}`,
    agencyId: own,
    role,
    language: "kk",
    displayName: role,
    active,
    createdAt: new Date("2026-11-27T10:00:00+05:00"),
  });
  /** The rule as issue #4 states it: an admin anyone anywhere, a supervisor officials of their agency, an official nobody; nobody when deactivated. */
  const expected = (issuerRole: OfficialRole, active: boolean, agency: string, role: OfficialRole) =>
    active && (issuerRole === "admin" || (issuerRole === "supervisor" && agency === own && role === "official"));

  for (const issuerRole of officialRoles) {
    for (const active of [true, false]) {
      for (const agency of [own, other]) {
        for (const role of officialRoles) {
          const allowed = expected(issuerRole, active, agency, role);
          it(`${active ? "an active" : "an inactive"} ${issuerRole} ${allowed ? "may" : "may not"} invite a ${role} into ${agency === own ? "their own" : "another"} agency`, () => {
            expect(mayInvite(issuer(issuerRole, active), agency, role)).toBe(allowed);
          });
        }
      }
    }
  }
});

describe("normalizeInviteCode", () => {
  it("accepts a code typed in any case, with spaces, tabs or dashes", () => {
    expect(normalizeInviteCode("k7qm 2xab-cdef")).toBe("K7QM2XABCDEF");
    expect(normalizeInviteCode("  K7QM\t2XAB CDEF \n")).toBe("K7QM2XABCDEF");
    expect(normalizeInviteCode("K7QM2XABCDEF")).toBe("K7QM2XABCDEF");
  });
});

const citizen: Actor = { type: "citizen", citizenId: "telegram:1" };
const received = new Date("2026-11-27T10:00:00+05:00");

const appeal = sampleAppeal;

function officialOf(role: OfficialRole): Official {
  return { id: `telegram:50${officialRoles.indexOf(role)}`, agencyId: "akimat_almaty_city", role, language: "ru", displayName: role, active: true, createdAt: received };
}

describe("availableActions", () => {
  /** For a plain official; supervisors and admins also extend and reassign where the status allows. */
  const everyone: Readonly<Record<AppealStatus, readonly CardAction[]>> = {
    registered: ["take", "answer", "clarify", "forward", "reject"],
    forwarded: ["take", "answer", "clarify", "forward", "reject"],
    in_progress: ["answer", "clarify", "forward", "reject"],
    awaiting_citizen: ["answer", "forward", "reject"],
    extended: ["answer", "clarify", "forward", "reject"],
    answered: ["close"],
    rejected: ["close"],
    withdrawn: [],
    closed: [],
  };
  const headsOnly: Readonly<Record<AppealStatus, readonly CardAction[]>> = {
    registered: ["reassign"],
    forwarded: ["reassign"],
    in_progress: ["extend", "reassign"],
    awaiting_citizen: ["reassign"],
    extended: ["extend", "reassign"],
    answered: [],
    rejected: [],
    withdrawn: [],
    closed: [],
  };
  const order: readonly CardAction[] = ["take", "answer", "clarify", "forward", "reject", "extend", "reassign", "close"];

  it("knows every status", () => {
    expect(Object.keys(everyone).sort()).toEqual([...appealStatuses].sort());
  });

  for (const status of appealStatuses) {
    for (const role of officialRoles) {
      const expected = order.filter((action) => everyone[status].includes(action) || (role !== "official" && headsOnly[status].includes(action)));
      it(`offers a ${role} [${expected.join(", ")}] when ${status}`, () => {
        expect(availableActions(appeal(status), officialOf(role))).toEqual(expected);
      });
    }
  }

  it("never offers extend or reassign to a plain official, in any status", () => {
    for (const status of appealStatuses) {
      const actions = availableActions(appeal(status), officialOf("official"));
      expect(actions).not.toContain("extend");
      expect(actions).not.toContain("reassign");
    }
  });

  it("offers nothing on a withdrawn or closed appeal, whoever looks", () => {
    for (const role of officialRoles) {
      expect(availableActions(appeal("withdrawn"), officialOf(role))).toEqual([]);
      expect(availableActions(appeal("closed"), officialOf(role))).toEqual([]);
    }
  });
});

describe("appealFiles", () => {
  it("lists the appeal's files, then those the citizen sent with clarifications, and nothing the officials attached", () => {
    const photo = { kind: "photo", channel: "telegram", fileId: "p1" } as const;
    const voice = { kind: "voice", channel: "whatsapp", fileId: "v1" } as const;
    const act = { kind: "document", channel: "telegram-admin", fileId: "act" } as const;
    const official: Actor = { type: "official", officialId: "telegram:501", agencyId: "akimat_almaty_city" };
    const withClarification = appeal("answered", {
      attachments: [photo],
      history: [
        { at: received, actor: citizen, event: "registered", status: "registered" },
        { at: received, actor: official, event: "clarification_requested", status: "awaiting_citizen", text: "Какой подъезд?" },
        { at: received, actor: citizen, event: "clarified", status: "in_progress", text: "Второй", attachments: [voice] },
        { at: received, actor: official, event: "answered", status: "answered", text: "Готово", attachments: [act] },
      ],
    });
    expect(appealFiles(withClarification)).toEqual([photo, voice]);
    expect(appealFiles(appeal("registered"))).toEqual([]);
  });
});

describe("officialsNamed", () => {
  it("lists the assignee and every official in the history once, so the card can name them all", () => {
    const head: Actor = { type: "official", officialId: "telegram:503", agencyId: "akimat_almaty_city" };
    const sender: Actor = { type: "official", officialId: "simulator:demo-akimat", agencyId: "akimat_astana_city" };
    const forwarded = appeal("in_progress", {
      assignedOfficialId: "telegram:501",
      history: [
        { at: received, actor: citizen, event: "registered", status: "registered" },
        { at: received, actor: sender, event: "forwarded", status: "forwarded", fromAgencyId: "akimat_astana_city", toAgencyId: "akimat_almaty_city" },
        { at: received, actor: head, event: "reassigned", status: "in_progress", officialId: "telegram:501" },
        { at: received, actor: head, event: "extended", status: "extended" },
      ],
    });
    expect(officialsNamed(forwarded)).toEqual(["telegram:501", "simulator:demo-akimat", "telegram:503"]);
    expect(officialsNamed(appeal("registered"))).toEqual([]);
  });
});

describe("mapLink", () => {
  it("opens the point on OpenStreetMap, rounded to about a metre", () => {
    expect(mapLink({ latitude: 43.238949, longitude: 76.889709 })).toBe("https://www.openstreetmap.org/?mlat=43.23895&mlon=76.88971#map=17/43.23895/76.88971");
    expect(mapLink({ latitude: 51.1, longitude: 71.4 })).toBe("https://www.openstreetmap.org/?mlat=51.10000&mlon=71.40000#map=17/51.10000/71.40000");
  });
});
