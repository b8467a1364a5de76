import type { Outbound } from "../core/outbound.js";
import { DeliveryError, type ChannelSender, type SendReport } from "../core/ports/channel-sender.js";

/** Sends each notification through the channel its citizen's address names (`telegram:...`, `whatsapp:...`). */
export class ChannelRouter implements ChannelSender {
  private readonly senders = new Map<string, ChannelSender>();

  /** Registers the sender of one channel. */
  add(channel: string, sender: ChannelSender): this {
    this.senders.set(channel, sender);
    return this;
  }

  get channels(): string[] {
    return [...this.senders.keys()];
  }

  send(citizenId: string, message: Outbound, deliveryRef?: string): Promise<SendReport | void> {
    const channel = citizenId.split(":")[0] ?? "";
    const sender = this.senders.get(channel);
    // Not this worker's to send (the channel runs in another process, or after a restart): offered again later, no attempt spent.
    if (!sender) return Promise.reject(new DeliveryError("elsewhere", `No '${channel}' channel is configured in this worker`, 15_000));
    return sender.send(citizenId, message, deliveryRef);
  }
}
