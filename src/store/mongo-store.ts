import type { Connection } from "mongoose";
import type { AppealRepository } from "../core/ports/appeal-repository.js";
import type { CitizenRepository } from "../core/ports/citizen-repository.js";
import type { ConversationStore } from "../core/ports/conversation-store.js";
import type { Directory } from "../core/ports/directory.js";
import type { InviteRepository, OfficialRepository } from "../core/ports/official-repository.js";
import type { OfficialSessionStore } from "../core/ports/official-session-store.js";
import { MongoAppealRepository } from "./mongo-appeal-repository.js";
import { MongoCitizenRepository } from "./mongo-citizen-repository.js";
import { MongoConversationStore } from "./mongo-conversation-store.js";
import { MongoDirectory } from "./mongo-directory.js";
import { MongoInviteRepository } from "./mongo-invite-repository.js";
import { ensureAgencyRosters, MongoOfficialRepository } from "./mongo-official-repository.js";
import { MongoOfficialSessionStore } from "./mongo-official-session-store.js";
import { ensureAppealIndexes } from "./rebuild-appeal-indexes.js";

/** Every repository Estu needs, over one MongoDB connection. */
export type Store = Readonly<{
  appeals: AppealRepository;
  citizens: CitizenRepository;
  conversations: ConversationStore;
  officials: OfficialRepository;
  invites: InviteRepository;
  officialSessions: OfficialSessionStore;
  directory: Directory;
}>;

/**
 * Builds the repositories and waits until their indexes exist: the unique index on
 * an appeal's submission key must be in place before the first submission arrives.
 * A database from before the kept counts, citizens' lists and agencies' rosters gets them built once here.
 */
export async function openMongoStore(connection: Connection): Promise<Store> {
  const store: Store = {
    appeals: new MongoAppealRepository(connection),
    citizens: new MongoCitizenRepository(connection),
    conversations: new MongoConversationStore(connection),
    officials: new MongoOfficialRepository(connection),
    invites: new MongoInviteRepository(connection),
    officialSessions: new MongoOfficialSessionStore(connection),
    directory: new MongoDirectory(connection),
  };
  await Promise.all(Object.values(connection.models).map((model) => model.createIndexes()));
  await Promise.all([ensureAppealIndexes(connection), ensureAgencyRosters(connection)]);
  return store;
}
