import type { Outbound } from "../../core/outbound.js";
import { DeliveryError, type ChannelSender, type SendReport } from "../../core/ports/channel-sender.js";
import type { WhatsAppAddressBook } from "../../core/ports/whatsapp-address-book.js";
import { canonicalJidOf } from "./citizen-address.js";
import { errorMessage } from "../describe-error.js";
import type { OutgoingMessages } from "./outgoing.js";

/**
 * Sends notifications to WhatsApp citizens for the delivery worker. Estu writes
 * only to accounts that wrote to it first (an unsolicited message is what gets a
 * number banned), to the JID they last wrote from.
 */
export class WhatsAppSender implements ChannelSender {
  constructor(
    private readonly addresses: WhatsAppAddressBook,
    private readonly outgoing: OutgoingMessages,
  ) {}

  /**
   * Resolves once WhatsApp's server took every part; a failure reported later
   * arrives through `onSendFailed` with `deliveryRef`. `blocked` for an account that
   * never wrote, `elsewhere` when the socket is not open in this process, `transient` when a send fails.
   */
  async send(citizenId: string, message: Outbound, deliveryRef?: string): Promise<SendReport> {
    const canonicalJid = canonicalJidOf(citizenId);
    if (canonicalJid === undefined) throw new DeliveryError("blocked", `Not a WhatsApp address: ${citizenId.split(":")[0] ?? ""}`);
    const jid = await this.addresses.replyJid(canonicalJid);
    if (jid === undefined) throw new DeliveryError("blocked", "This account never wrote to Estu on WhatsApp; Estu does not write first.");
    try {
      return await this.outgoing.send({ jid, citizenId, messages: [message], deliveryRef });
    } catch (error) {
      // An attachment that cannot be opened now may open on a later try, as may the socket.
      throw error instanceof DeliveryError ? error : new DeliveryError("transient", errorMessage(error));
    }
  }
}
