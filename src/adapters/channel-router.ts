import type { Outbound } from "../core/outbound.js";
import { DeliveryError, type ChannelSender } from "../core/ports/channel-sender.js";

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

  send(citizenId: string, message: Outbound, deliveryRef?: string): Promise<void> {
    const channel = citizenId.split(":")[0] ?? "";
    const sender = this.senders.get(channel);
    // Transient, not blocked: the channel may be configured on another worker or after a restart.
    if (!sender) return Promise.reject(new DeliveryError("transient", `No '${channel}' channel is configured in this worker`));
    return sender.send(citizenId, message, deliveryRef);
  }
}
