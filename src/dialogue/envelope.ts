import type { Inbound, SenderFacts } from "../core/inbound.js";

/** An inbound message as an adapter hands it to the dialogue. */
export type InboundEnvelope = Readonly<{
  /** Stable per message: `telegram:<chat>:<message id>`; a redelivery has the same key. */
  key: string;
  /** The citizen's channel address: `telegram:<chat>`, `whatsapp:<jid>`, `simulator:<id>`. */
  citizenId: string;
  channel: string;
  inbound: Inbound;
  sender: SenderFacts;
  receivedAt: Date;
}>;

/** A message for the citizen, already in their language; the adapter only transports it. */
export type Outbound = Readonly<{
  text: string;
  /** Buttons with their ids and labels; numbered lines where a channel has no buttons. */
  choices: readonly Readonly<{ id: string; label: string }>[];
  /** Ask the channel for the sender's contact or location, with the label for that button. */
  request?: Readonly<{ kind: "contact" | "location"; label: string }>;
}>;

