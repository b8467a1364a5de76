import { Redis } from "ioredis";
import type { Connection } from "mongoose";
import { baileysSockets } from "../adapters/whatsapp/baileys-socket.js";
import { recordSendFailures, type SendFailure } from "../adapters/whatsapp/delivery-failures.js";
import { InboundHandler } from "../adapters/whatsapp/inbound-handler.js";
import { linkWhatsApp, type LinkResult } from "../adapters/whatsapp/link.js";
import { NumberedMenus } from "../adapters/whatsapp/numbered-menus.js";
import { OutgoingMessages } from "../adapters/whatsapp/outgoing.js";
import { Pacer, defaultPacing, type Pacing } from "../adapters/whatsapp/pacer.js";
import { SocketLease } from "../adapters/whatsapp/socket-lease.js";
import { SocketOwner, defaultOwnerTiming, type OwnerStatus, type OwnerTiming, type StopReason } from "../adapters/whatsapp/socket-owner.js";
import type { MakeSocket } from "../adapters/whatsapp/socket.js";
import { WhatsAppSender } from "../adapters/whatsapp/whatsapp-sender.js";
import { ChatSerializer } from "../adapters/telegram/chat-serializer.js";
import type { LogRef } from "../core/log-ref.js";
import { describeError } from "../adapters/describe-error.js";
import type { MediaSource } from "../core/ports/media-source.js";
import type { Dialogue } from "../dialogue/envelope.js";
import type { Logger } from "../logger.js";
import { MongoMediaStore } from "../store/mongo-media-store.js";
import { MongoWhatsAppAddressBook } from "../store/mongo-whatsapp-address-book.js";
import { MongoWhatsAppInbox } from "../store/mongo-whatsapp-inbox.js";
import { MongoWhatsAppSentMessages } from "../store/mongo-whatsapp-sent-messages.js";
import { MongoWhatsAppSessionStore } from "../store/mongo-whatsapp-session-store.js";

export type { SendFailure } from "../adapters/whatsapp/delivery-failures.js";
export type { OwnerStatus as WhatsAppStatus } from "../adapters/whatsapp/socket-owner.js";

/** A lease of 30 s renewed every 10 s (`defaultOwnerTiming`): an owner that dies is replaced within a minute. */
const defaultLeaseTtlMs = 30_000;
/** How often the inbox is looked at for messages kept but not handled (a crash, a storage failure). */
const defaultInboxSweepMs = 30_000;
/** Handled messages' ids stay this long, to recognise WhatsApp sending one again (no shorter than the inbound handler retries a kept message). */
const handledKeptMs = 24 * 60 * 60 * 1000;
/** Purging filters the whole inbox (a scan on the embedded FerretDB), so it runs this often, not at every sweep. */
const purgeEveryMs = 60 * 60 * 1000;

/** Everything the WhatsApp channel runs on, passed in by the composition root. */
export type StartWhatsAppOptions = Readonly<{
  connection: Connection;
  redisUrl: string;
  dialogue: Dialogue;
  /** Opens the files officials attach to answers, whichever channel holds them. */
  attachments: MediaSource;
  log: Logger;
  /** Citizens' addresses as logged, in Estu's lines and Baileys'. */
  logRef: LogRef;
  /** Prefix of every Redis key of the channel: the lease, the chat locks, the remembered menus. */
  keyPrefix: string;
  /** Sending limits; the defaults are `defaultPacing` (1 s per chat, 20 a minute). */
  pacing?: Partial<Pacing> | undefined;
  /** WhatsApp logged Estu out: tell the admins that someone must run `npm run cli -- whatsapp:link`. */
  onLoggedOut: () => void | Promise<void>;
  /** Estu stopped WhatsApp because another client took the session or WhatsApp refused the account. */
  onStopped?: ((reason: Exclude<StopReason, "stopped">) => void | Promise<void>) | undefined;
  /** A message WhatsApp took but reported failed later: mark its delivery failed (by `deliveryRef`). */
  onSendFailed?: ((failure: SendFailure) => void | Promise<void>) | undefined;
  /** Tests: fake sockets, short leases and backoffs, a fixed clock. */
  makeSocket?: MakeSocket | undefined;
  leaseTtlMs?: number | undefined;
  timing?: Partial<OwnerTiming> | undefined;
  now?: (() => Date) | undefined;
  inboxSweepMs?: number | undefined;
}>;

/** A running WhatsApp channel. */
export type WhatsAppChannel = Readonly<{
  /**
   * Sends to `whatsapp:` addresses, in the process that owns the socket (elsewhere:
   * DeliveryError `elsewhere`, which the queue offers again without spending an attempt). Its optional third argument, a `deliveryRef`, comes
   * back in `onSendFailed` when WhatsApp reports the message failed later.
   */
  sender: WhatsAppSender;
  /** The files WhatsApp citizens sent (attachments with channel `whatsapp`), stored at receipt. */
  media: MediaSource;
  /** Stops the socket, hands the lease to a standby, and waits for the messages in hand. */
  stop: () => Promise<void>;
  status: () => OwnerStatus;
  /** Resolves when every message received so far has been answered. */
  settled: () => Promise<void>;
}>;

/**
 * Starts the WhatsApp channel: this process owns the socket when it gets the lease,
 * and stands by otherwise; returns at once. Citizens' messages go to the dialogue
 * one at a time per chat; notifications go out through `sender`.
 */
export function startWhatsApp(options: StartWhatsAppOptions): WhatsAppChannel {
  const { connection, log, logRef } = options;
  const now = options.now ?? (() => new Date());
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on("error", (error: Error) => log.debug({ problem: error.message }, "Redis for WhatsApp is unavailable"));
  const sentMessages = new MongoWhatsAppSentMessages(connection);
  const addresses = new MongoWhatsAppAddressBook(connection);
  const mediaStore = new MongoMediaStore(connection, "whatsapp");
  const menus = new NumberedMenus(redis, `${options.keyPrefix}:menu`);
  const outgoing = new OutgoingMessages({
    // Called only once sending starts, after the owner below exists.
    socket: () => owner.openSocket(),
    pacer: new Pacer({ ...defaultPacing, ...options.pacing }),
    sentMessages,
    menus,
    attachments: options.attachments,
    log,
    logRef,
    now,
  });
  const inbox = new MongoWhatsAppInbox(connection);
  const inbound = new InboundHandler({
    dialogue: options.dialogue,
    addresses,
    chats: new ChatSerializer({
      redis,
      prefix: `${options.keyPrefix}:chat-lock`,
      onLockProblem: (chat, problem) => log.warn({ citizen: logRef(chat), problem }, "chat lock not held; the message is handled anyway"),
    }),
    menus,
    outgoing,
    media: mediaStore,
    inbox,
    log,
    logRef,
    now,
  });
  let sweeping = false;
  let purgedAt: number | undefined;
  const sweep = async () => {
    // Only on an open socket: a kept message's file is downloaded through it.
    const socket = owner.openSocket();
    if (!socket || sweeping) return;
    sweeping = true;
    try {
      await inbound.redeliver(socket);
      const at = now().getTime();
      if (purgedAt === undefined || at - purgedAt >= purgeEveryMs) {
        await inbox.purge(new Date(at - handledKeptMs));
        purgedAt = at;
      }
    } catch (error) {
      log.warn({ error: describeError(error) }, "the WhatsApp inbox could not be looked at; trying again later");
    } finally {
      sweeping = false;
    }
  };
  const sweeper = setInterval(() => void sweep(), options.inboxSweepMs ?? defaultInboxSweepMs);
  const failures = { sentMessages, onSendFailed: options.onSendFailed ?? (() => undefined), log, logRef, now };
  const owner = new SocketOwner({
    makeSocket: options.makeSocket ?? baileysSockets(log, logRef),
    session: new MongoWhatsAppSessionStore(connection),
    lease: new SocketLease(redis, `${options.keyPrefix}:owner`, options.leaseTtlMs ?? defaultLeaseTtlMs),
    sentMessages,
    timing: { ...defaultOwnerTiming, ...options.timing },
    log,
    attach: (socket) => {
      socket.ev.on("messages.upsert", (event) => inbound.accept(socket, event));
      // What a crash left in the inbox is handled as soon as the socket opens (after the owner marked it open).
      socket.ev.on("connection.update", (update) => void (update.connection === "open" && setTimeout(() => void sweep(), 0)));
      socket.ev.on("messages.update", (updates) => void recordSendFailures(updates, failures));
    },
    onLoggedOut: options.onLoggedOut,
    onStopped: options.onStopped ?? (() => undefined),
  });
  owner.start();
  return {
    sender: new WhatsAppSender(addresses, outgoing),
    media: mediaStore,
    status: () => owner.status(),
    settled: () => inbound.settled(),
    stop: async () => {
      // Replies in hand go out while the socket is still open; what arrives meanwhile is handled before Redis goes.
      clearInterval(sweeper);
      await inbound.settled();
      await owner.stop();
      await inbound.settled();
      redis.disconnect();
    },
  };
}

/** What the `whatsapp:link` command passes: the same database, Redis and key prefix as the running Estu. */
export type LinkCommandOptions = Readonly<{
  connection: Connection;
  redisUrl: string;
  keyPrefix: string;
  log: Logger;
  logRef: LogRef;
  /** `--phone`: link with a pairing code instead of a QR code. */
  phone?: string | undefined;
  /** The terminal; `process.stdout` by default. */
  print?: ((text: string) => void) | undefined;
  makeSocket?: MakeSocket | undefined;
}>;

/** Links the WhatsApp account for `npm run cli -- whatsapp:link [--phone <number>]`. */
export async function runWhatsAppLink(options: LinkCommandOptions): Promise<LinkResult> {
  const redis = new Redis(options.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    return await linkWhatsApp({
      session: new MongoWhatsAppSessionStore(options.connection),
      lease: new SocketLease(redis, `${options.keyPrefix}:owner`, defaultLeaseTtlMs),
      makeSocket: options.makeSocket ?? baileysSockets(options.log, options.logRef),
      phone: options.phone,
      print: options.print ?? ((text) => process.stdout.write(text)),
      log: options.log,
    });
  } finally {
    redis.disconnect();
  }
}
