import type { OwnerStatus } from "../adapters/whatsapp/socket-owner.js";
import type { ChannelCheck, ChannelStatus } from "./health.js";

/** What `telegramBotCheck` reads of a `BotHost`: webhook mode, or the poller's state. */
export type TelegramBotState = Readonly<{ webhookPath: string | undefined; polling: boolean }>;

/**
 * A Telegram bot is healthy while it polls, or always in webhook mode (Telegram posts
 * to the HTTP server, which answers this very request). Polling that stopped (409: another
 * poller; 401: a revoked token) also stops Estu, so this mostly shows the moments before.
 */
export function telegramBotCheck(host: TelegramBotState): ChannelCheck {
  return () => {
    if (host.webhookPath) return { ok: true, detail: `webhook at ${host.webhookPath}` };
    return host.polling ? { ok: true, detail: "long polling" } : { ok: false, detail: "long polling stopped" };
  };
}

/**
 * The WhatsApp owner's state: a standby is healthy (another process owns the socket);
 * an owner is healthy when connected; a stopped channel or an unlinked account is not.
 */
export function whatsappCheck(status: () => OwnerStatus): ChannelCheck {
  return (): ChannelStatus => {
    const now = status();
    if (now.role === "stopped") return { ok: false, detail: `stopped (${now.stoppedBecause ?? "stopped"})` };
    if (now.role === "standby") return { ok: true, detail: "standby: another process owns the socket" };
    if (now.linked === false) return { ok: false, detail: "not linked: run npm run cli -- whatsapp:link" };
    if (now.connection === "open") return { ok: true, detail: "owner, connected" };
    return { ok: false, detail: `owner, ${now.connection} (reconnect attempt ${now.reconnectAttempts})` };
  };
}
