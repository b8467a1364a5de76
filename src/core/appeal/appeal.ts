/**
 * The appeal (өтініш / обращение) and the values it is made of. Pure types: the store
 * persists them, the engine drafts them, the use cases decide on them.
 */
import type { LocalDate } from "../calendar/local-date.js";

/** The six kinds of appeal of the Administrative Procedural and Process Code (Art. 76 area). */
export const appealKinds = ["application", "complaint", "report", "response", "proposal", "inquiry"] as const;
export type AppealKind = (typeof appealKinds)[number];

/** The languages Estu speaks: Kazakh, the state language, and Russian, used officially on equal terms. */
export const languages = ["kk", "ru"] as const;
export type Language = (typeof languages)[number];

/** Where an appeal is in its life. See `status-rules.ts` for the moves between them. */
export const appealStatuses = [
  "registered",
  "in_progress",
  "awaiting_citizen",
  "extended",
  "forwarded",
  "answered",
  "rejected",
  "withdrawn",
  "closed",
] as const;
export type AppealStatus = (typeof appealStatuses)[number];

export const attachmentKinds = ["photo", "voice", "audio", "video", "document"] as const;
export type AttachmentKind = (typeof attachmentKinds)[number];

/** A file the citizen sent, kept by reference to the channel that holds it. */
export type AttachmentRef = Readonly<{
  kind: AttachmentKind;
  channel: string;
  fileId: string;
  mimeType?: string | undefined;
  sizeBytes?: number | undefined;
  /** The name the sender gave the file, cleaned at the edge (`cleanFileName`); photos and voice notes have none. */
  fileName?: string | undefined;
}>;

/** Coordinates as two numbers (nested arrays are not portable to every MongoDB-wire server). */
export type GeoPoint = Readonly<{ latitude: number; longitude: number }>;

/** Who is writing: required by the Code for a written or electronic appeal. */
export type Applicant = Readonly<{
  fullName: string;
  iin: string;
  /** Confirmed through the platform (a shared contact), standing in for a signature. */
  phone: string;
  postalAddress: string;
}>;

/** Who did something to an appeal. */
export type Actor =
  | Readonly<{ type: "citizen"; citizenId: string }>
  | Readonly<{ type: "official"; officialId: string; agencyId: string }>
  | Readonly<{ type: "system" }>;

/** Reasons the Code allows for refusing to consider an appeal on its merits. */
export const rejectionReasons = [
  "anonymous",
  "repeat_without_new_arguments",
  "outside_administrative_procedure",
  "court_decision_exists",
  "abusive_content",
  "other_legal_ground",
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** One line of the appeal's record: who, when, what, why. */
export type HistoryEntry = Readonly<{
  at: Date;
  actor: Actor;
  event: HistoryEvent;
  status: AppealStatus;
  text?: string;
  reason?: string;
  attachments?: readonly AttachmentRef[];
  fromAgencyId?: string;
  toAgencyId?: string;
  deadline?: LocalDate;
  officialId?: string;
  score?: number;
}>;

export const historyEvents = [
  "registered",
  "taken",
  "reassigned",
  "clarification_requested",
  "clarified",
  "answered",
  "forwarded",
  "rejected",
  "extended",
  "withdrawn",
  "closed",
  "rated",
  /** The deadline passed without an answer: the law treats the silence as a refusal (Code Art. 91(2)). */
  "overdue",
] as const;
export type HistoryEvent = (typeof historyEvents)[number];

/** The decisions a citizen must hear about; each becomes an outbox entry. */
export const noticeTypes = [
  "taken",
  "clarification_requested",
  "answered",
  "forwarded",
  "rejected",
  "extended",
  "closed",
  "overdue",
] as const;
export type NoticeType = (typeof noticeTypes)[number];

/**
 * A notification decided together with the change that caused it. The relay moves it
 * to the delivery queue under `id`; the worker marks it by its index in the array.
 */
export type OutboxEntry = Readonly<{
  id: string;
  notice: NoticeType;
  /** The history entry that carries the content (answer text, new deadline, ...). */
  historyIndex: number;
  createdAt: Date;
  /** When the latest send began; set before the channel is asked, so a crash after it means the citizen may get it twice. */
  sendingAt?: Date;
  /** How many sends began: more than one means the citizen may have got the notice more than once. */
  sends?: number;
  deliveredAt?: Date;
  /** Files of the notice the channel no longer had: the text went without them. */
  unavailableFiles?: number;
  failedAt?: Date;
  failure?: string;
}>;

/** An appeal as stored. `id` is its public number, e.g. `ALA-2026-000042`. */
export type Appeal = Readonly<{
  id: string;
  submissionKey: string;
  citizenId: string;
  language: Language;
  kind: AppealKind;
  categoryId: string;
  regionId: string;
  districtId?: string | undefined;
  agencyId: string;
  text: string;
  attachments: readonly AttachmentRef[];
  location?: GeoPoint | undefined;
  /** Null only for an emergency report (crimes and threats), the one kind the Code considers without an author. */
  applicant: Applicant | null;
  emergency: boolean;
  status: AppealStatus;
  /** The official who took the appeal; null until taken and after a forward. */
  assignedOfficialId: string | null;
  receivedAt: Date;
  /** The working day the appeal is registered on; its clock starts the next day. */
  registeredOn: LocalDate;
  /** The deadline of the current agency before any extension. */
  termDeadline: LocalDate;
  /** The deadline now in force. */
  deadline: LocalDate;
  history: readonly HistoryEntry[];
  outbox: readonly OutboxEntry[];
  /** How many outbox entries are neither delivered nor failed; lets a sweep find them with a plain query. */
  pendingOutbox: number;
  /** The citizen's rating of the answer, 1 to 5, with an optional comment. */
  rating?: Readonly<{ score: number; comment?: string | undefined; at: Date }> | undefined;
  /** Incremented by every change; a change carries the version it was decided on. */
  version: number;
}>;
