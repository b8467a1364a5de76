import type { Outbound } from "../outbound.js";

/** Who wrote a message of a simulated chat: the citizen on the simulated phone, or Estu. */
export type ChatSide = "citizen" | "estu";

/** A message the simulator shows in a citizen's chat, numbered in the order it was sent. */
export type SimulatedMessage = Readonly<{ seq: number; from: ChatSide; message: Outbound; at: Date }>;

/**
 * The browser simulator's chats, both sides: what the citizens wrote, the dialogue's
 * replies and the notifications delivered to them. Kept in the database, so a chat
 * reloads whole after a page reload or a restart and a notification waits for the
 * browser to ask for it.
 */
export interface SimulatorInbox {
  append(citizenId: string, messages: readonly Outbound[], at: Date, from?: ChatSide): Promise<void>;
  /** The messages after `afterSeq`, oldest first. */
  after(citizenId: string, afterSeq: number, limit: number): Promise<SimulatedMessage[]>;
}
