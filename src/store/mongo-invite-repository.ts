import { Schema, type Connection, type Model } from "mongoose";
import { modelOn } from "./documents.js";
import { officialRoles, type Invite, type InviteRepository, type RedeemResult } from "../core/ports/official-repository.js";

type InviteDocument = Omit<Invite, "code"> & { _id: string };

const inviteSchema = new Schema<InviteDocument>(
  {
    _id: { type: String, required: true },
    agencyId: { type: String, required: true },
    role: { type: String, enum: officialRoles, required: true },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    expiresAt: { type: Date, required: true },
    usedBy: { type: String, default: null },
    usedAt: { type: Date, default: null },
  },
  { collection: "invites", versionKey: false },
);

function inviteModel(connection: Connection): Model<InviteDocument> {
  return modelOn(connection, "Invite", inviteSchema);
}

/** Invite codes keyed by the code itself; redeeming is one conditional update. */
export class MongoInviteRepository implements InviteRepository {
  private readonly invites: Model<InviteDocument>;

  constructor(connection: Connection) {
    this.invites = inviteModel(connection);
  }

  async create(invite: Invite): Promise<void> {
    const { code, ...fields } = invite;
    await this.invites.create({ _id: code, ...fields });
  }

  async redeem(code: string, officialId: string, now: Date): Promise<RedeemResult> {
    const redeemed = await this.invites
      .findOneAndUpdate(
        { _id: code, usedAt: null, expiresAt: { $gt: now } },
        { $set: { usedBy: officialId, usedAt: now } },
        { returnDocument: "after" },
      )
      .lean<InviteDocument>();
    if (redeemed) return { ok: true, invite: toInvite(redeemed) };
    const existing = await this.invites.findOne({ _id: code }).lean<InviteDocument>();
    if (!existing) return { ok: false, reason: "unknown" };
    return { ok: false, reason: existing.usedAt ? "used" : "expired" };
  }
}

function toInvite(doc: InviteDocument): Invite {
  const { _id, ...rest } = doc;
  return { code: _id, ...rest };
}
