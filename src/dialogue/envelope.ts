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
