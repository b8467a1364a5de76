import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { figuresLine, type SimulatorFigures } from "../../src/adapters/simulator/figures-line.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { loadLocales } from "../../src/i18n/load-locales.js";
import { createTranslator, type Translator } from "../../src/i18n/translator.js";

const none = { registered: 0, forwarded: 0, in_progress: 0, awaiting_citizen: 0, extended: 0, answered: 0, rejected: 0, withdrawn: 0, closed: 0 };
const busy: SimulatorFigures = { byStatus: { ...none, registered: 2, in_progress: 1, answered: 3 }, overdue: 1, deliveries: { queued: 0, delivered: 3, failed: 0 } };

let translator: Translator;
beforeAll(async () => {
  translator = await createTranslator(await loadLocales(join(projectRoot, "locales")));
});

describe("the simulator header's figures line", () => {
  it("names the statuses that have appeals as the consoles do, in Russian", () => {
    expect(figuresLine(busy, "ru", translator.translate)).toBe("новое 2 · в работе 1 · дан ответ 3 · просрочено: 1 · уведомления: в очереди 0, доставлено 3, не доставлено 0");
  });

  it("and in Kazakh, never a raw status id", () => {
    const line = figuresLine(busy, "kk", translator.translate);
    expect(line).toBe("жаңа 2 · жұмыста 1 · жауап берілді 3 · мерзімі өткені: 1 · хабарландырулар: кезекте 0, жеткізілді 3, жеткізілмеді 0");
    expect(line).not.toMatch(/[a-z]/);
  });

  it("says there are no appeals yet rather than showing an empty list", () => {
    const line = figuresLine({ byStatus: none, overdue: 0, deliveries: { queued: 0, delivered: 0, failed: 0 } }, "ru", translator.translate);
    expect(line.startsWith("обращений пока нет · просрочено: 0")).toBe(true);
  });
});
