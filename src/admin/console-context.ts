import type { Actor } from "../core/appeal/appeal.js";
import type { Official } from "../core/ports/official-repository.js";
import type { AdminReply } from "./admin-input.js";
import type { ConsoleDeps, Translate } from "./console-deps.js";
import type { Pending } from "./pending.js";

/** One message of one onboarded, active official being handled. */
export type ConsoleContext = Readonly<{
  deps: ConsoleDeps;
  official: Official;
  t: Translate;
  now: Date;
}>;

/** What handling a message produced: the replies and what the official is in the middle of now. */
export type Step = Readonly<{ replies: AdminReply[]; pending: Pending | null }>;

export function actorOf(official: Official): Actor {
  return { type: "official", officialId: official.id, agencyId: official.agencyId };
}

/** A plain message, with buttons when given. */
export function say(text: string, choices: AdminReply["choices"] = []): AdminReply {
  return { text, choices };
}
