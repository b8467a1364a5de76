import { jidDecode, type BaileysEventMap } from "@whiskeysockets/baileys";
import { AppError } from "../../core/errors.js";
import type { WhatsAppSessionStore } from "../../core/ports/whatsapp-session-store.js";
import type { Logger } from "../../logger.js";
import { useStoredAuthState, type StoredAuthState } from "./auth-state.js";
import { describeError, errorMessage } from "../describe-error.js";
import { closeActionOf, statusCodeOf } from "./disconnect-policy.js";
import { isLinked } from "./socket-owner.js";
import type { SocketLease } from "./socket-lease.js";
import type { MakeSocket, WhatsAppSocket } from "./socket.js";
import { drawQr } from "./terminal-qr.js";

/** What linking needs; `print` is the operator's terminal, never the log (a QR code is a key to the account). */
export type LinkOptions = Readonly<{
  session: WhatsAppSessionStore;
  /** The socket lease: a running Estu must not connect while the link is being made. */
  lease: SocketLease;
  makeSocket: MakeSocket;
  /** Link with a code typed on the phone instead of a QR code: the account's number, `+7 701 123 45 67` or `87011234567`. */
  phone?: string | undefined;
  print: (text: string) => void;
  log: Logger;
  /** Draws a QR code as text for the terminal (`drawQr` unless a test replaces it). */
  draw?: (qr: string) => Promise<string>;
  /** How long to wait for another process to give the lease up. */
  leaseWaitMs?: number;
}>;

/** The number the session is linked to, and whether it already was. */
export type LinkResult = Readonly<{ account: string; alreadyLinked: boolean }>;

const linkedDevices = "WhatsApp → Settings → Linked devices";
const linkADevice = `${linkedDevices} → Link a device`;

/**
 * Links Estu's WhatsApp session to an account: shows a QR code to scan on the phone,
 * or with `phone` a pairing code to type there, and resolves once WhatsApp accepted
 * the link and the session is stored (it survives restarts). A session already
 * linked is left as it is. Rejects with an AppError saying what to do when the code
 * was not used in time or WhatsApp refused.
 */
export async function linkWhatsApp(options: LinkOptions): Promise<LinkResult> {
  const phoneDigits = options.phone === undefined ? undefined : digitsOf(options.phone);
  const stored = await useStoredAuthState(options.session);
  if (isLinked(stored.state.creds)) {
    const account = accountOf(stored);
    options.print(`WhatsApp is already linked to ${account}. To link another number, remove Estu under ${linkedDevices} on the phone, let Estu run until it logs that WhatsApp logged it out (it clears the session then), and run this again.\n`);
    return { account, alreadyLinked: true };
  }
  await takeLease(options);
  const stopKeeping = options.lease.keep(
    Math.max(1_000, Math.floor(options.lease.ttlMs / 3)),
    (why) => options.log.error({ why }, "the WhatsApp lease was lost while linking"),
    (problem) => options.log.warn({ problem }, "the WhatsApp lease was not renewed this time"),
  );
  try {
    // Whatever an earlier, unfinished attempt left is of no use: pair with new keys.
    await stored.clear();
    const auth = await useStoredAuthState(options.session);
    await pair(options, auth, phoneDigits);
    const account = accountOf(auth);
    options.print(`Linked: Estu now uses WhatsApp as ${account}. Start Estu with WHATSAPP_ENABLED=true.\n`);
    return { account, alreadyLinked: false };
  } finally {
    stopKeeping();
    await options.lease.release().catch(() => undefined);
  }
}

/** Opens sockets until the link is made: WhatsApp closes the first one with "restart required" right after pairing. */
function pair(options: LinkOptions, auth: StoredAuthState, phoneDigits: string | undefined): Promise<void> {
  const saves = new Set<Promise<void>>();
  let socket: WhatsAppSocket | undefined;
  let codeRequested = false;
  return new Promise<void>((resolve, reject) => {
    const finish = (failure?: AppError) => {
      const closing = socket;
      socket = undefined;
      void Promise.allSettled([...saves])
        .then(() => closing?.end(undefined))
        .catch(() => undefined)
        .then(() => (failure ? reject(failure) : resolve()));
    };
    const onUpdate = async (from: WhatsAppSocket, update: BaileysEventMap["connection.update"]) => {
      if (from !== socket) return;
      if (update.qr) {
        if (phoneDigits === undefined) options.print(await qrInstructions(update.qr, options.draw ?? drawQr));
        else if (!codeRequested) {
          // Asked once the socket is up (the first QR shows it is); a code stays valid while this socket lives.
          codeRequested = true;
          const code = await from.requestPairingCode(phoneDigits);
          options.print(`On the phone with the number +${phoneDigits}, open ${linkADevice} → Link with phone number instead, and type this code:\n\n    ${code.slice(0, 4)}-${code.slice(4)}\n\n`);
        }
      }
      if (update.connection === "open") finish();
      if (update.connection === "close") {
        const statusCode = statusCodeOf(update.lastDisconnect?.error);
        if (closeActionOf(statusCode) === "restart") open();
        else finish(linkFailure(statusCode));
      }
    };
    const open = () => {
      const next = options.makeSocket({ auth: auth.state, getMessage: async () => undefined });
      socket = next;
      next.ev.on("creds.update", () => {
        const save = auth.saveCreds();
        saves.add(save);
        void save.catch((error: unknown) => options.log.error({ error: describeError(error) }, "WhatsApp credentials could not be saved")).finally(() => saves.delete(save));
      });
      next.ev.on("connection.update", (update) => {
        onUpdate(next, update).catch((error: unknown) => finish(new AppError("WHATSAPP_LINK_FAILED", `Linking failed: ${errorMessage(error)}. Run the command again.`)));
      });
    };
    open();
  });
}

async function qrInstructions(qr: string, draw: (qr: string) => Promise<string>): Promise<string> {
  return (
    `On the phone with Estu's number, open ${linkADevice}, and scan this code (a new one follows every 20 seconds or so):\n\n${await draw(qr)}\n` +
    "If the code does not fit or scan, stop this command and run it again with `--phone <the account's number>` to get a code to type on the phone.\n"
  );
}

function linkFailure(statusCode: number | undefined): AppError {
  const action = closeActionOf(statusCode);
  if (action === "forbidden") return new AppError("WHATSAPP_LINK_REFUSED", "WhatsApp refused to link this account (403). Check the account on the phone.", { statusCode });
  if (action === "logged_out") return new AppError("WHATSAPP_LINK_REFUSED", "WhatsApp refused the link (401). Run the command again.", { statusCode });
  return new AppError("WHATSAPP_LINK_TIMED_OUT", "The code was not used in time, or the connection dropped. Run the command again.", { statusCode });
}

async function takeLease(options: LinkOptions): Promise<void> {
  const deadline = Date.now() + (options.leaseWaitMs ?? options.lease.ttlMs + 5_000);
  while (!(await options.lease.acquire())) {
    if (Date.now() >= deadline) {
      throw new AppError("WHATSAPP_LEASE_HELD", "Another Estu process holds the WhatsApp socket. Stop it (or wait until it lets go) and run this again.");
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

/** The number as WhatsApp wants it: digits with the country code; a Kazakh `8 7xx` number becomes `7 7xx`. */
function digitsOf(phone: string): string {
  const digits = phone.replace(/\D/g, "");
  const international = digits.length === 11 && digits.startsWith("8") ? `7${digits.slice(1)}` : digits;
  if (international.length < 10 || international.length > 15) {
    throw new AppError("WHATSAPP_PHONE_INVALID", "Give the account's number with its country code, e.g. --phone +77011234567.");
  }
  return international;
}

function accountOf(auth: StoredAuthState): string {
  const user = jidDecode(auth.state.creds.me?.id ?? "")?.user;
  return user ? `+${user}` : "an account";
}
