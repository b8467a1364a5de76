import type { AttachmentRef } from "./appeal/appeal.js";

/** A message for a citizen, already in their language; a channel adapter only transports it. */
export type Outbound = Readonly<{
  text: string;
  /** Buttons with their ids and labels; numbered lines where a channel has no buttons. */
  choices: readonly Readonly<{ id: string; label: string }>[];
  /** How many of the first choices the text already lists as numbered lines: a channel without buttons does not list them again. */
  listedChoices?: number;
  /** Ask the channel for the sender's contact or location, with the label for that button. */
  request?: Readonly<{ kind: "contact" | "location"; label: string }>;
  /** Files sent after the text: an official's attachments to an answer, or a citizen's to an official. */
  attachments?: readonly AttachmentRef[];
}>;
