import { Schema, type Connection, type Model } from "mongoose";
import { applicantSchema } from "./applicant-schema.js";
import { modelOn } from "./documents.js";
import { languages, type Applicant, type Language } from "../core/appeal/appeal.js";
import type { Citizen, CitizenRepository } from "../core/ports/citizen-repository.js";
import { upsertWithRetry } from "./duplicate-key.js";
import { forgetCitizenFiles } from "./forget-citizen-files.js";
import { MongoSimulatorInbox } from "./mongo-simulator-inbox.js";

type CitizenDocument = Omit<Citizen, "id"> & { _id: string };

const citizenSchema = new Schema<CitizenDocument>(
  {
    _id: { type: String, required: true },
    channel: { type: String, required: true },
    language: { type: String, enum: [...languages, null], default: null },
    consent: { type: new Schema({ at: Date, version: Number }, { _id: false }), default: null },
    applicant: {
      type: applicantSchema,
      default: null,
    },
    createdAt: { type: Date, required: true },
    forgottenAt: { type: Date, default: null },
  },
  { collection: "citizens", versionKey: false },
);

function citizenModel(connection: Connection): Model<CitizenDocument> {
  return modelOn(connection, "Citizen", citizenSchema);
}

/** Citizens keyed by channel address. */
export class MongoCitizenRepository implements CitizenRepository {
  private readonly citizens: Model<CitizenDocument>;

  constructor(private readonly connection: Connection) {
    this.citizens = citizenModel(connection);
  }

  async get(id: string): Promise<Citizen | undefined> {
    const doc = await this.citizens.findOne({ _id: id }).lean<CitizenDocument>();
    return doc ? toCitizen(doc) : undefined;
  }

  async setLanguage(id: string, language: Language): Promise<void> {
    await this.citizens.updateOne({ _id: id }, { $set: { language } });
  }

  async recordConsent(id: string, consent: Readonly<{ at: Date; version: number }>, profile: Readonly<{ channel: string; language: Language }>): Promise<void> {
    await upsertWithRetry(() =>
      this.citizens.updateOne(
        { _id: id },
        { $set: { consent: { at: consent.at, version: consent.version }, language: profile.language, forgottenAt: null }, $setOnInsert: { channel: profile.channel, applicant: null, createdAt: consent.at } },
        { upsert: true },
      ),
    );
  }

  async saveApplicant(id: string, applicant: Applicant): Promise<void> {
    await this.citizens.updateOne({ _id: id }, { $set: { applicant } });
  }

  async forget(id: string, at: Date): Promise<void> {
    await this.citizens.updateOne({ _id: id }, { $set: { applicant: null, consent: null, language: null, forgottenAt: at } });
    // The channels' copies of what was said go too: the WhatsApp messages kept for resends, the
    // simulator's chat, and the files Estu keeps that no registered appeal holds. The WhatsApp
    // address mapping stays: answers to the open appeals still need it.
    const db = this.citizens.db;
    await Promise.all([
      db.collection("whatsapp_sent_messages").deleteMany({ citizenId: id }),
      new MongoSimulatorInbox(this.connection).forget(id),
      forgetCitizenFiles(this.connection, id),
    ]);
  }
}

// FerretDB 1.24 drops null values from `$setOnInsert` on upsert, so absent means null.
function toCitizen(doc: CitizenDocument): Citizen {
  return {
    id: doc._id,
    channel: doc.channel,
    language: doc.language ?? null,
    consent: doc.consent ?? null,
    applicant: doc.applicant ?? null,
    createdAt: doc.createdAt,
    forgottenAt: doc.forgottenAt ?? null,
  };
}
