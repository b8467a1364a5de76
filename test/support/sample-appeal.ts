import type { Actor, Appeal, AppealStatus } from "../../src/core/appeal/appeal.js";

const received = new Date("2026-11-27T10:00:00+05:00");
const citizen: Actor = { type: "citizen", citizenId: "telegram:1" };

/** A stored appeal of the Almaty akimat in `status`, received on Friday 27 November 2026, at version 3. */
export function sampleAppeal(status: AppealStatus, overrides: Partial<Appeal> = {}): Appeal {
  return {
    id: "ALA-2026-000001",
    submissionKey: "telegram:1:10",
    citizenId: "telegram:1",
    language: "ru",
    kind: "complaint",
    categoryId: "utilities",
    regionId: "almaty_city",
    agencyId: "akimat_almaty_city",
    text: "Нет горячей воды третий день.",
    attachments: [],
    applicant: null,
    emergency: true,
    status,
    assignedOfficialId: null,
    receivedAt: received,
    registeredOn: "2026-11-27",
    termDeadline: "2026-12-18",
    deadline: "2026-12-18",
    history: [{ at: received, actor: citizen, event: "registered", status: "registered" }],
    outbox: [],
    pendingOutbox: 0,
    version: 3,
    ...overrides,
  };
}
