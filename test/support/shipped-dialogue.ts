import type { WorkingCalendar } from "../../src/core/calendar/working-calendar.js";
import type { ReferenceData } from "../../src/core/reference/reference-data.js";
import { DialogueService } from "../../src/dialogue/dialogue-service.js";
import type { Store } from "../../src/store/mongo-store.js";
import type { EngineFixture } from "./engine-fixture.js";

/** The dialogue as Estu runs it, over a test store, with the shipped flows and texts; refusals ignored. */
export function shippedDialogue(store: Store, engine: EngineFixture, reference: ReferenceData, calendar: WorkingCalendar): DialogueService {
  return new DialogueService({
    ...store,
    flows: Object.fromEntries(engine.flows.map((flow) => [flow.id, flow])),
    reference,
    calendar,
    translator: engine.translator,
    onRefused: () => undefined,
    onSubmitRefused: () => undefined,
  });
}
