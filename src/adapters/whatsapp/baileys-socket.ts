import { downloadMediaMessage, makeCacheableSignalKeyStore, makeWASocket } from "@whiskeysockets/baileys";
import type { LogRef } from "../../core/log-ref.js";
import type { Logger } from "../../logger.js";
import { jidRedactingLogger } from "./jid-redacting-logger.js";
import type { MakeSocket } from "./socket.js";

/**
 * Real sockets: never shown online (the phone keeps its notifications), no full
 * history (Estu answers new messages only), Baileys' built-in WhatsApp Web version
 * (asking for the latest one is a network call at every start). Baileys logs under
 * `module: "baileys"`.
 */
export function baileysSockets(log: Logger, logRef: LogRef): MakeSocket {
  // Warn and above, unless Estu's own level is stricter (`silent` stays silent).
  const level = log.levelVal > (log.levels.values["warn"] ?? 40) ? log.level : "warn";
  // Baileys logs message keys and addresses (phone numbers): its lines go through a redacting logger.
  const logger = jidRedactingLogger(level, logRef);
  return ({ auth, getMessage }) => {
    const socket = makeWASocket({
      // Baileys reads the same keys many times per message: a cache in front of MongoDB.
      auth: { creds: auth.creds, keys: makeCacheableSignalKeyStore(auth.keys, logger) },
      logger,
      markOnlineOnConnect: false,
      syncFullHistory: false,
      getMessage,
    });
    return {
      ev: socket.ev,
      sendMessage: (jid, content) => socket.sendMessage(jid, content),
      // An old message's media link may have expired: the phone is asked to upload it again.
      downloadMedia: (message) => downloadMediaMessage(message, "buffer", {}, { reuploadRequest: socket.updateMediaMessage, logger }),
      requestPairingCode: (phoneDigits) => socket.requestPairingCode(phoneDigits),
      end: (error) => socket.end(error),
    };
  };
}
