import type { Outbound } from "../outbound.js";

/** A message the simulator shows in a citizen's chat, numbered in the order it was sent. */
export type SimulatedMessage = Readonly<{ seq: number; message: Outbound; at: Date }>;

/**
 * What the browser simulator's citizens have been sent: the dialogue's replies and the
 * notifications delivered to them. Kept in the database, so a chat reloads after a
 * restart and a notification waits for the browser to ask for it.
 */
export interface SimulatorInbox {
  append(citizenId: string, messages: readonly Outbound[], at: Date): Promise<void>;
  /** The messages after `afterSeq`, oldest first. */
  after(citizenId: string, afterSeq: number, limit: number): Promise<SimulatedMessage[]>;
}
