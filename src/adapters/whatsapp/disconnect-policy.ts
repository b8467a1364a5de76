import { DisconnectReason } from "@whiskeysockets/baileys";

/**
 * What the socket's owner does after a close:
 * - `restart`: open a new socket at once (WhatsApp asks for it right after pairing);
 * - `reconnect`: open a new socket after a backoff (network trouble, server restarts);
 * - `logged_out`: the link is void; clear the session and wait for a new link;
 * - `replaced`: another client took the session over; stop rather than take it back;
 * - `forbidden`: WhatsApp refuses this account (banned or blocked); stop.
 */
export type CloseAction = "restart" | "reconnect" | "logged_out" | "replaced" | "forbidden";

/** The action for a close with this status code (Baileys' `lastDisconnect.error.output.statusCode`). */
export function closeActionOf(statusCode: number | undefined): CloseAction {
  switch (statusCode) {
    case DisconnectReason.restartRequired:
      return "restart";
    case DisconnectReason.loggedOut:
      return "logged_out";
    case DisconnectReason.connectionReplaced:
      return "replaced";
    case DisconnectReason.forbidden:
      return "forbidden";
    default:
      return "reconnect";
  }
}

/** The status code of a close: Baileys closes with a Boom error that carries it in `output.statusCode`. */
export function statusCodeOf(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null || !("output" in error)) return undefined;
  const { output } = error;
  if (typeof output !== "object" || output === null || !("statusCode" in output)) return undefined;
  return typeof output.statusCode === "number" ? output.statusCode : undefined;
}

/** How long to wait before reconnect attempt `attempt` (1, 2, ...): doubling from `baseMs`, at most `capMs`. */
export function backoffMs(attempt: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
