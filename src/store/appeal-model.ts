import { Schema, type Connection, type Model } from "mongoose";
import { applicantSchema } from "./applicant-schema.js";
import { modelOn } from "./documents.js";
import {
  appealKinds,
  appealStatuses,
  attachmentKinds,
  historyEvents,
  languages,
  noticeTypes,
  type Appeal,
} from "../core/appeal/appeal.js";

/** An appeal as MongoDB holds it: the public number is `_id`, so hot lookups use the `_id` index. */
export type AppealDocument = Omit<Appeal, "id"> & { _id: string };

const attachment = new Schema(
  {
    kind: { type: String, enum: attachmentKinds, required: true },
    channel: { type: String, required: true },
    fileId: { type: String, required: true },
    mimeType: String,
    sizeBytes: Number,
    fileName: String,
  },
  { _id: false },
);

const actor = new Schema(
  { type: { type: String, required: true }, citizenId: String, officialId: String, agencyId: String },
  { _id: false },
);

const historyEntry = new Schema(
  {
    at: { type: Date, required: true },
    actor: { type: actor, required: true },
    event: { type: String, enum: historyEvents, required: true },
    status: { type: String, enum: appealStatuses, required: true },
    text: String,
    reason: String,
    attachments: { type: [attachment], default: undefined },
    fromAgencyId: String,
    toAgencyId: String,
    deadline: String,
    officialId: String,
    score: Number,
  },
  { _id: false },
);

const outboxEntry = new Schema(
  {
    id: { type: String, required: true },
    notice: { type: String, enum: noticeTypes, required: true },
    historyIndex: { type: Number, required: true },
    createdAt: { type: Date, required: true },
    sendingAt: Date,
    sends: Number,
    deliveredAt: Date,
    unavailableFiles: Number,
    failedAt: Date,
    failure: String,
  },
  { _id: false },
);

const appealSchema = new Schema<AppealDocument>(
  {
    _id: { type: String, required: true },
    submissionKey: { type: String, required: true },
    citizenId: { type: String, required: true },
    language: { type: String, enum: languages, required: true },
    kind: { type: String, enum: appealKinds, required: true },
    categoryId: { type: String, required: true },
    regionId: { type: String, required: true },
    districtId: String,
    agencyId: { type: String, required: true },
    text: { type: String, required: true },
    attachments: { type: [attachment], default: [] },
    location: new Schema({ latitude: Number, longitude: Number }, { _id: false }),
    applicant: {
      type: applicantSchema,
      default: null,
    },
    emergency: { type: Boolean, required: true },
    status: { type: String, enum: appealStatuses, required: true },
    assignedOfficialId: { type: String, default: null },
    receivedAt: { type: Date, required: true },
    registeredOn: { type: String, required: true },
    termDeadline: { type: String, required: true },
    deadline: { type: String, required: true },
    history: { type: [historyEntry], default: [] },
    outbox: { type: [outboxEntry], default: [] },
    pendingOutbox: { type: Number, required: true },
    rating: { type: new Schema({ score: Number, comment: String, at: Date }, { _id: false }), default: undefined },
    version: { type: Number, required: true },
  },
  { collection: "appeals", versionKey: false, strict: "throw" },
);
// Invariant 2: the message that submitted an appeal can submit only one.
appealSchema.index({ submissionKey: 1 }, { unique: true });
appealSchema.index({ agencyId: 1, status: 1, deadline: 1 });
// Figures and open data read appeals by the month they were received.
appealSchema.index({ receivedAt: 1 });

/** The appeals model on `connection`. */
export function appealModel(connection: Connection): Model<AppealDocument> {
  return modelOn(connection, "Appeal", appealSchema);
}
