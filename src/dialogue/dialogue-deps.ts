import type { Appeal } from "../core/appeal/appeal.js";
import type { WorkingCalendar } from "../core/calendar/working-calendar.js";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { CitizenRepository } from "../core/ports/citizen-repository.js";
import type { ConversationStore } from "../core/ports/conversation-store.js";
import type { Directory } from "../core/ports/directory.js";
import type { OfficialRepository } from "../core/ports/official-repository.js";
import type { ReferenceData } from "../core/reference/reference-data.js";
import type { RefusedEvent } from "../core/use-cases/decide-on-appeal.js";
import type { FlowSet } from "../engine/step-context.js";
import type { Translator } from "../i18n/translator.js";

/** What the dialogue service needs: ports only, so it runs on any store. */
export type DialogueDeps = Readonly<{
  flows: FlowSet;
  reference: ReferenceData;
  calendar: WorkingCalendar;
  translator: Translator;
  appeals: AppealRepository;
  citizens: CitizenRepository;
  conversations: ConversationStore;
  officials: OfficialRepository;
  directory: Directory;
  /** Told of refused decisions, for the operator's log (ids only). */
  onRefused: (event: RefusedEvent) => void;
  /** Told of every appeal stored, so its deadline reminders are scheduled at once (a sweep covers a failure). */
  onAppealStored?: ((appeal: Appeal) => Promise<void>) | undefined;
  /** Told when a confirmed draft could not be stored (a rule changed since it was collected). */
  onSubmitRefused: (event: Readonly<{ citizenId: string; submissionKey: string; problem: string }>) => void;
}>;

/** The version of the consent text, recorded with each consent so it is known which text a citizen agreed to. */
export const consentVersion = 2;

/** How long after an answer a citizen may complain to the higher body (Code Art. 91; unverified, see README). */
export const contestTermMonths = 3;

/** How long after a decision a citizen may go to court where no higher body exists (Code Art. 136). */
export const courtTermMonths = 1;
