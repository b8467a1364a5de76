import { AppError } from "../errors.js";
import type { Outbound } from "../outbound.js";

/** Sends a message to a citizen through the channel their address names (`telegram:...`). */
export interface ChannelSender {
  /**
   * Resolves once the channel accepted the message; throws DeliveryError when it did not.
   * `deliveryRef` names the notification for a channel that reports failures later (WhatsApp).
   */
  send(citizenId: string, message: Outbound, deliveryRef?: string): Promise<SendReport | void>;
}

/**
 * What a channel left out of a message it sent: files gone for good (MEDIA_UNAVAILABLE) are
 * skipped, the rest goes out once, and the appeal card tells the official what the citizen missed.
 */
export type SendReport = Readonly<{ unavailableFiles: number }>;

/**
 * Why a channel did not take a message: `blocked` will never succeed (the citizen
 * blocked the bot, the account is gone), `rate_limited` must wait `retryAfterMs`,
 * `transient` may succeed on a later try, `elsewhere` cannot be sent from this
 * process (WhatsApp's socket is owned by another) and is tried again after
 * `retryAfterMs` without counting as an attempt.
 */
export class DeliveryError extends AppError {
  constructor(
    readonly kind: "blocked" | "rate_limited" | "transient" | "elsewhere",
    message: string,
    readonly retryAfterMs = 0,
    options?: ErrorOptions,
  ) {
    super(`DELIVERY_${kind.toUpperCase()}`, message, { kind, retryAfterMs }, options);
  }
}
