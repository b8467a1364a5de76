import type { Inbound, SenderFacts } from "../core/inbound.js";
import type { Outbound } from "../core/outbound.js";

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

/** What a channel adapter needs of the dialogue: one message in, the replies out (for a redelivery, those of the first delivery). */
export type Dialogue = Readonly<{ handle(envelope: InboundEnvelope): Promise<readonly Outbound[]> }>;
