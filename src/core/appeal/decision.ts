import type { LocalDate } from "../calendar/local-date.js";
import type { AttachmentRef, RejectionReason } from "./appeal.js";

/** What an official or the citizen decides to do with an appeal. */
export type Decision =
  | Readonly<{ type: "take" }>
  | Readonly<{ type: "reassign"; officialId: string }>
  | Readonly<{ type: "ask_clarification"; question: string }>
  | Readonly<{ type: "clarify"; text: string; attachments: readonly AttachmentRef[] }>
  | Readonly<{ type: "answer"; text: string; attachments: readonly AttachmentRef[] }>
  | Readonly<{ type: "forward"; toAgencyId: string; reason: string }>
  | Readonly<{ type: "reject"; legalReason: RejectionReason; comment: string }>
  | Readonly<{ type: "extend"; newDeadline: LocalDate; reason: string }>
  | Readonly<{ type: "withdraw" }>
  | Readonly<{ type: "rate"; score: number; comment?: string | undefined }>
  | Readonly<{ type: "close" }>
  /** Estu records that the deadline passed without an answer; the status stays, the agency still owes one. */
  | Readonly<{ type: "mark_overdue" }>;

export type DecisionType = Decision["type"];
