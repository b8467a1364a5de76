import { proto, type AuthenticationCreds, type BaileysEventMap, type WAMessageKey } from "@whiskeysockets/baileys";
import type { WhatsAppSentMessages } from "../../core/ports/whatsapp-sent-messages.js";
import type { WhatsAppSessionStore } from "../../core/ports/whatsapp-session-store.js";
import type { Logger } from "../../logger.js";
import { useStoredAuthState, type StoredAuthState } from "./auth-state.js";
import { describeError } from "../describe-error.js";
import { backoffMs, closeActionOf, statusCodeOf } from "./disconnect-policy.js";
import type { SocketLease } from "./socket-lease.js";
import type { MakeSocket, WhatsAppSocket } from "./socket.js";

/** How often the owner renews its lease, a standby looks for a free one, and how a reconnect backs off. */
export type OwnerTiming = Readonly<{
  renewEveryMs: number;
  standbyPollMs: number;
  backoffBaseMs: number;
  backoffCapMs: number;
}>;

/** With a 30 s lease, a standby takes over at most 45 s after the owner died. */
export const defaultOwnerTiming: OwnerTiming = { renewEveryMs: 10_000, standbyPollMs: 15_000, backoffBaseMs: 2_000, backoffCapMs: 120_000 };

/** Why the owner gave WhatsApp up for good: another client took the session, WhatsApp refused the account, or `stop`. */
export type StopReason = "replaced" | "forbidden" | "stopped";

/** What the owner is doing, for health checks and the admins. */
export type OwnerStatus = Readonly<{
  role: "standby" | "owner" | "stopped";
  connection: "closed" | "connecting" | "open";
  /** Whether the stored session is linked to an account; undefined until this process looked. */
  linked: boolean | undefined;
  stoppedBecause: StopReason | undefined;
  /** Reconnects since the connection was last open. */
  reconnectAttempts: number;
}>;

/** What the owner needs: how to make sockets, the session and the lease, and whom to tell. */
export type SocketOwnerOptions = Readonly<{
  makeSocket: MakeSocket;
  session: WhatsAppSessionStore;
  lease: SocketLease;
  sentMessages: WhatsAppSentMessages;
  timing: OwnerTiming;
  log: Logger;
  /** Wires a new socket's message events. */
  attach: (socket: WhatsAppSocket) => void;
  /** WhatsApp logged the device out: the session is cleared and someone must link again. */
  onLoggedOut: () => void | Promise<void>;
  /** The owner stopped because of another client or WhatsApp's refusal; someone must look. */
  onStopped: (reason: Exclude<StopReason, "stopped">) => void | Promise<void>;
}>;

/** Sent messages are asked for again within minutes; a week is plenty. */
const keepSentMs = 7 * 24 * 60 * 60 * 1_000;

/** What the operator runs to link WhatsApp, in every message that asks for it. */
const linkCommand = "npm run cli -- whatsapp:link";

/**
 * Holds the WhatsApp socket in exactly one process: it takes the Redis lease (or
 * waits as a standby, looking again every `standbyPollMs`), opens a socket with the
 * stored session, and decides after every close what to do (see `closeActionOf`).
 * Losing the lease closes the socket at once: two sockets on one session fight.
 */
export class SocketOwner {
  private role: OwnerStatus["role"] = "standby";
  private connection: OwnerStatus["connection"] = "closed";
  private linked: boolean | undefined;
  private stoppedBecause: StopReason | undefined;
  private attempts = 0;
  private socket: WhatsAppSocket | undefined;
  private auth: StoredAuthState | undefined;
  private stopKeeping: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private warnedUnlinked = false;
  private readonly tasks = new Set<Promise<void>>();

  constructor(private readonly options: SocketOwnerOptions) {}

  /** Starts trying to own the socket; returns at once. */
  start(): void {
    this.later(0, () => this.tryToOwn());
  }

  /** The socket when it is open in this process. */
  openSocket(): WhatsAppSocket | undefined {
    return this.connection === "open" ? this.socket : undefined;
  }

  /** What the owner is doing now. */
  status(): OwnerStatus {
    return { role: this.role, connection: this.connection, linked: this.linked, stoppedBecause: this.stoppedBecause, reconnectAttempts: this.attempts };
  }

  /** Closes the socket, gives the lease up for a standby, and waits for the work in hand. */
  async stop(): Promise<void> {
    this.role = "stopped";
    this.stoppedBecause ??= "stopped";
    clearTimeout(this.timer);
    const holding = this.stopKeeping !== undefined;
    this.stopKeeping?.();
    this.stopKeeping = undefined;
    await this.closeSocket();
    if (holding) await this.releaseLease();
    await Promise.allSettled([...this.tasks]);
  }

  private async tryToOwn(): Promise<void> {
    if (this.role !== "standby") return;
    if (await this.acquireLease()) await this.own();
    if (this.role === "standby") this.later(this.options.timing.standbyPollMs, () => this.tryToOwn());
  }

  private async acquireLease(): Promise<boolean> {
    try {
      return await this.options.lease.acquire();
    } catch (error) {
      this.options.log.warn({ error: describeError(error) }, "the WhatsApp lease could not be checked; trying again");
      return false;
    }
  }

  private async own(): Promise<void> {
    const { log, timing } = this.options;
    const auth = await useStoredAuthState(this.options.session).catch((error: unknown) => {
      log.error({ error: describeError(error) }, "the WhatsApp session could not be read; trying again");
      return undefined;
    });
    if (auth) this.linked = isLinked(auth.state.creds);
    if (this.role !== "standby" || !auth || !this.linked) {
      if (this.role === "standby" && auth && !this.warnedUnlinked) {
        log.warn({ checkEveryMs: timing.standbyPollMs }, `WhatsApp is not linked: run \`${linkCommand}\`; Estu starts WhatsApp once it is linked`);
        this.warnedUnlinked = true;
      }
      // Not ours to keep: the linking command (or a standby) may need it.
      await this.releaseLease();
      return;
    }
    this.warnedUnlinked = false;
    this.role = "owner";
    this.auth = auth;
    this.attempts = 0;
    this.stopKeeping = this.options.lease.keep(
      timing.renewEveryMs,
      (why) => this.track(this.loseLease(why)),
      (problem) => log.warn({ problem }, "the WhatsApp lease was not renewed this time"),
    );
    log.info("this process owns the WhatsApp socket");
    this.connect();
  }

  private connect(): void {
    const auth = this.auth;
    if (this.role !== "owner" || !auth) return;
    this.connection = "connecting";
    let socket: WhatsAppSocket;
    try {
      socket = this.options.makeSocket({ auth: auth.state, getMessage: (key) => this.sentMessage(key) });
    } catch (error) {
      this.options.log.error({ error: describeError(error) }, "a WhatsApp socket could not be made");
      this.reconnectLater(undefined);
      return;
    }
    this.socket = socket;
    socket.ev.on("creds.update", () => {
      // A socket closed on a logout must not write back the credentials just cleared.
      if (socket !== this.socket) return;
      this.track(auth.saveCreds().catch((error: unknown) => this.options.log.error({ error: describeError(error) }, "WhatsApp credentials could not be saved")));
    });
    socket.ev.on("connection.update", (update) => this.onConnectionUpdate(socket, update));
    this.options.attach(socket);
  }

  private onConnectionUpdate(socket: WhatsAppSocket, update: BaileysEventMap["connection.update"]): void {
    // A socket this owner closed itself reports its close too; its successor decides.
    if (socket !== this.socket) return;
    if (update.connection === "open") {
      this.connection = "open";
      this.attempts = 0;
      this.options.log.info("WhatsApp connected");
      this.track(this.options.sentMessages.purgeSentBefore(new Date(Date.now() - keepSentMs)));
    } else if (update.connection === "connecting") {
      this.connection = "connecting";
    } else if (update.connection === "close") {
      this.socket = undefined;
      this.connection = "closed";
      this.track(this.afterClose(statusCodeOf(update.lastDisconnect?.error)));
    }
  }

  private async afterClose(statusCode: number | undefined): Promise<void> {
    if (this.role !== "owner") return;
    const action = closeActionOf(statusCode);
    switch (action) {
      case "restart":
        this.options.log.info({ statusCode }, "WhatsApp asked for a restart; reconnecting now");
        return this.connect();
      case "reconnect":
        return this.reconnectLater(statusCode);
      case "logged_out":
        return this.loggedOut();
      case "replaced":
      case "forbidden":
        return this.halt(action);
    }
  }

  private reconnectLater(statusCode: number | undefined): void {
    const { backoffBaseMs, backoffCapMs } = this.options.timing;
    this.attempts += 1;
    const delayMs = backoffMs(this.attempts, backoffBaseMs, backoffCapMs);
    this.options.log.warn({ statusCode, attempt: this.attempts, delayMs }, "WhatsApp connection closed; reconnecting after a pause");
    this.later(delayMs, async () => this.connect());
  }

  private async loggedOut(): Promise<void> {
    const { log } = this.options;
    log.error(`WhatsApp logged Estu out (the linked device was removed on the phone, or WhatsApp ended the session). The stored session is cleared. Link WhatsApp again: \`${linkCommand}\``);
    // Cleared before the lease goes, so that no standby connects with the void session.
    await this.auth?.clear().catch((error: unknown) => log.error({ error: describeError(error) }, "the void WhatsApp session could not be cleared"));
    this.linked = false;
    await this.resign();
    await this.tell(() => this.options.onLoggedOut());
    // A new link made with the command is picked up by the standby loop.
    this.warnedUnlinked = true;
    this.later(this.options.timing.standbyPollMs, () => this.tryToOwn());
  }

  /**
   * Closes the socket for good but keeps renewing the lease until `stop`: a standby
   * taking the session back would be the fight this avoids. Restarting Estu (or
   * stopping this process) lets a standby try once more.
   */
  private async halt(reason: Exclude<StopReason, "stopped">): Promise<void> {
    const why =
      reason === "replaced"
        ? "Another client took Estu's WhatsApp session over (connection replaced). Estu stops WhatsApp rather than take it back: make sure only one Estu deployment uses this number, then restart Estu."
        : "WhatsApp refused this account (403: banned or blocked). Estu stops WhatsApp: check the account on the phone, then restart Estu.";
    this.options.log.error({ reason }, why);
    this.role = "stopped";
    this.stoppedBecause = reason;
    this.auth = undefined;
    await this.closeSocket();
    await this.tell(() => this.options.onStopped(reason));
  }

  private async loseLease(why: string): Promise<void> {
    this.stopKeeping = undefined;
    if (this.role !== "owner") return;
    this.options.log.warn({ why }, "this process lost the WhatsApp lease; closing the socket");
    this.role = "standby";
    this.auth = undefined;
    clearTimeout(this.timer);
    await this.closeSocket();
    this.later(this.options.timing.standbyPollMs, () => this.tryToOwn());
  }

  /** Closes the socket and gives the lease up; back to standby unless `stop` came meanwhile. */
  private async resign(): Promise<void> {
    this.stopKeeping?.();
    this.stopKeeping = undefined;
    if (this.role === "owner") this.role = "standby";
    this.auth = undefined;
    await this.closeSocket();
    await this.releaseLease();
  }

  private async closeSocket(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    this.connection = "closed";
    await socket?.end(undefined).catch((error: unknown) => this.options.log.debug({ error: describeError(error) }, "the WhatsApp socket did not close cleanly"));
  }

  private async releaseLease(): Promise<void> {
    // When it fails the lease simply expires after its TTL.
    await this.options.lease.release().catch((error: unknown) => this.options.log.warn({ error: describeError(error) }, "the WhatsApp lease could not be released"));
  }

  private async sentMessage(key: WAMessageKey): Promise<proto.IMessage | undefined> {
    if (!key.id) return undefined;
    try {
      const content = await this.options.sentMessages.content(key.id);
      return content ? proto.Message.decode(content) : undefined;
    } catch (error) {
      this.options.log.warn({ messageId: key.id, error: describeError(error) }, "a sent WhatsApp message could not be read for a resend");
      return undefined;
    }
  }

  private async tell(callback: () => void | Promise<void>): Promise<void> {
    try {
      await callback();
    } catch (error) {
      this.options.log.error({ error: describeError(error) }, "the WhatsApp status could not be reported");
    }
  }

  /** Runs `task` after `ms`, replacing whatever was scheduled: one pending step at a time. */
  private later(ms: number, task: () => Promise<void>): void {
    clearTimeout(this.timer);
    if (this.role === "stopped") return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.track(task());
    }, ms);
  }

  private track(work: Promise<unknown>): void {
    const task: Promise<void> = work
      .then(() => undefined)
      .catch((error: unknown) => this.options.log.error({ error: describeError(error) }, "a WhatsApp owner step failed"))
      .finally(() => this.tasks.delete(task));
    this.tasks.add(task);
  }
}

/** Linked: the account's identity is stored. A pairing-code request writes `me` alone, before anything is linked. */
export function isLinked(creds: AuthenticationCreds): boolean {
  return Boolean(creds.me?.id && creds.account);
}
