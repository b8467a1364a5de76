// Where a citizen is told to contest: the higher body when agencies.yaml names one, else the court.
import { beforeAll, describe, expect, it } from "vitest";
import type { Appeal, OutboxEntry } from "../../src/core/appeal/appeal.js";
import { registerAppeal } from "../../src/core/appeal/register-appeal.js";
import type { ReferenceData } from "../../src/core/reference/reference-data.js";
import { renderNotice } from "../../src/dialogue/render-notice.js";
import { shippedEngine, type EngineFixture } from "../support/engine-fixture.js";
import { draft, shippedCalendar, shippedReferenceData } from "../support/fixtures.js";

let engine: EngineFixture;
let reference: ReferenceData;
let appealAt: (agencyId: string, language: "kk" | "ru") => Appeal;

beforeAll(async () => {
  const [loaded, data, calendar] = await Promise.all([shippedEngine(), shippedReferenceData(), shippedCalendar()]);
  engine = loaded;
  reference = data;
  appealAt = (agencyId, language) =>
    registerAppeal(draft({ agencyId, language }), {
      number: "ALA-2026-000001",
      submissionKey: "k",
      citizenId: "telegram:1",
      receivedAt: new Date("2026-11-27T10:00:00+05:00"),
      calendar,
      termWorkingDays: 15,
    });
});

const overdue: OutboxEntry = { id: "o1", notice: "overdue", historyIndex: 0, createdAt: new Date("2026-12-22T10:00:00+05:00") };
const render = (appeal: Appeal, language: "kk" | "ru") => renderNotice({ translator: engine.translator, reference, timeZone: "Asia/Almaty" }, appeal, overdue, language).text;

describe("contest information", () => {
  it("names the akimat above a city department, with three months (Art. 91)", () => {
    const text = render(appealAt("almaty_energy_department", "ru"), "ru");
    expect(text).toContain("а ответа от «Управление энергетики и водоснабжения города Алматы» пока нет");
    expect(text).toContain("до 21.03.2027 его можно обжаловать в вышестоящий орган — «Акимат города Алматы»");
  });

  it("sends to court within one month where there is no higher body (an akimat: Art. 91(3), Art. 136)", () => {
    const text = render(appealAt("akimat_almaty_city", "kk"), "kk");
    expect(text).toContain("21.01.2027 дейін сотқа жүгінуге болады (ӘРПК-нің 136-бабы)");
    expect(text).not.toContain("жоғары тұрған орган");
  });
});
