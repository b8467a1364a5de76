import type { ChannelSender } from "../core/ports/channel-sender.js";
import type { MediaSource } from "../core/ports/media-source.js";
import type { Logger } from "../logger.js";
import { parseDeliveryRef } from "../queue/deliveries.js";
import type { Runtime } from "./boot.js";
import { startWhatsApp, type WhatsAppChannel } from "./start-whatsapp.js";

/**
 * The WhatsApp role: the channel (this process owns the socket or stands by), with its
 * late send failures recorded on the appeals and the admins told in their language
 * when the account must be linked again or the channel stopped.
 */
export function startWhatsAppRole(runtime: Runtime, attachments: MediaSource, officialsChannel: ChannelSender | undefined, log: Logger): WhatsAppChannel {
  const tellAdmins = async (key: "logged_out" | "replaced" | "forbidden") => {
    log.error({ reason: key }, key === "logged_out" ? "WhatsApp logged Estu out: link it again with npm run cli -- whatsapp:link" : "WhatsApp channel stopped");
    if (!officialsChannel) return;
    for (const admin of await runtime.store.officials.listActiveByRole("admin")) {
      const text = runtime.translator.translate(`admin:whatsapp.${key}`, admin.language);
      await officialsChannel.send(admin.id, { text, choices: [] }).catch((error: unknown) => log.warn({ official: admin.id, problem: String(error) }, "an admin could not be told about WhatsApp"));
    }
  };
  return startWhatsApp({
    connection: runtime.connection,
    redisUrl: runtime.redisUrl,
    dialogue: runtime.dialogue,
    attachments,
    log,
    logRef: runtime.logRef,
    keyPrefix: `${runtime.config.redisPrefix}:whatsapp`,
    onLoggedOut: () => tellAdmins("logged_out"),
    onStopped: (reason) => tellAdmins(reason),
    onSendFailed: async (failure) => {
      const delivery = failure.deliveryRef ? parseDeliveryRef(failure.deliveryRef) : undefined;
      if (delivery) await runtime.store.appeals.markLateFailure(delivery.appealId, delivery.index, delivery.entryId, failure.at, `WhatsApp: ${failure.failure}`);
    },
  });
}
