import { randomUUID } from "node:crypto";
import type { AdminInput, AdminReply } from "../../admin/admin-input.js";
import type { AttachmentKind, AttachmentRef } from "../../core/appeal/appeal.js";
import type { Inbound } from "../../core/inbound.js";
import type { Outbound } from "../../core/outbound.js";
import type { ChannelSender } from "../../core/ports/channel-sender.js";
import type { MediaArchive } from "../../core/ports/media-archive.js";
import type { SimulatorInbox } from "../../core/ports/simulator-inbox.js";
import type { Dialogue } from "../../dialogue/envelope.js";
import type { ChatSerializer } from "../telegram/chat-serializer.js";
import type { CitizenSend, OfficialSend } from "./simulator-requests.js";

/** The channel name of the simulator's citizens (`simulator:<id>`) and of the files sent in it. */
export const simulatorChannel = "simulator";

export type SimulatorDeps = Readonly<{
  dialogue: Dialogue;
  console: Readonly<{ handle(input: AdminInput): Promise<readonly AdminReply[]> }>;
  inbox: SimulatorInbox;
  /** Where files sent in the simulator are kept (in MongoDB, found by `_id`), by a file id made here. */
  files: MediaArchive;
  chats: ChatSerializer;
  /** The demo official acting for `agencyId` in the console, created on first use; returns their address. */
  demoOfficial: (agencyId: string, language: "kk" | "ru") => Promise<string>;
  now?: () => Date;
}>;

/** A file from the page, its name already cleaned (`cleanFileName`) by the route that took it. */
export type UploadedFile = Readonly<{ data: Uint8Array; fileName: string | undefined; mimeType: string | undefined }>;

/**
 * The browser simulator as a channel like Telegram or WhatsApp: its citizens' messages
 * go through the same dialogue, one at a time per chat; the replies and the delivered
 * notifications land in the citizen's inbox, which the page reads; the official's
 * console drives the same admin console as the admin bot.
 */
export class SimulatorChannel implements ChannelSender {
  constructor(private readonly deps: SimulatorDeps) {}

  private now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  /** One message of a simulated citizen; the replies are appended to their inbox. */
  async receive(request: CitizenSend): Promise<void> {
    await this.handle(request.citizen, request.id, request.language, inboundOf(request.input), { text: ownText(request), choices: [] });
  }

  /** A file from the simulated phone: kept, then handled as a media message. */
  async receiveFile(citizen: string, id: string, kind: AttachmentKind, file: UploadedFile): Promise<void> {
    const attachment = await this.keep(kind, file, `simulator:${citizen}`);
    await this.handle(citizen, id, undefined, { type: "media", attachment }, { text: "", choices: [], attachments: [attachment] });
  }

  /** Keeps a file sent in the simulator and returns its reference, with the name it was uploaded under. */
  async keep(kind: AttachmentKind, file: UploadedFile, citizenId?: string): Promise<AttachmentRef> {
    // A citizen's file is named under them, so forgetting them finds it.
    const fileId = citizenId ? `${citizenId}/${randomUUID()}` : randomUUID();
    await this.deps.files.put(fileId, { data: file.data, fileName: file.fileName ?? "file", mimeType: file.mimeType });
    return {
      kind,
      channel: simulatorChannel,
      fileId,
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
      sizeBytes: file.data.byteLength,
      ...(file.fileName !== undefined ? { fileName: file.fileName } : {}),
    };
  }

  /** Notifications from the delivery worker, for `simulator:` citizens. */
  async send(citizenId: string, message: Outbound): Promise<void> {
    await this.deps.inbox.append(citizenId, [message], this.now());
  }

  /** One action in the official's console, for the demo official of the chosen agency. */
  async official(request: OfficialSend, attachment?: AttachmentRef): Promise<readonly AdminReply[]> {
    const language = request.language ?? "ru";
    const officialId = await this.deps.demoOfficial(request.agency, language);
    // The demo supervisor must not hand out real invite codes (it may run beside real channels).
    const invites = (request.event.type === "command" && request.event.name === "invite") || (request.event.type === "button" && request.event.data.startsWith("iv:"));
    const event = attachment ? { type: "media" as const, attachment } : invites ? { type: "command" as const, name: "help", argument: "" } : request.event;
    return this.deps.console.handle({
      key: `simulator-official:${request.agency}:${request.id}`,
      officialId,
      displayName: "Demo",
      languageHint: language,
      receivedAt: this.now(),
      event,
    });
  }

  /** Handles one message in the chat's turn; `own` is how the citizen's side of the chat shows it. */
  private async handle(citizen: string, id: string, language: "kk" | "ru" | undefined, inbound: Inbound, own: Outbound): Promise<void> {
    const citizenId = `${simulatorChannel}:${citizen}`;
    const receivedAt = this.now();
    await this.deps.chats.run(citizenId, async () => {
      await this.deps.inbox.append(citizenId, [own], receivedAt, "citizen");
      const replies = await this.deps.dialogue.handle({ key: `${citizenId}:${id}`, citizenId, channel: simulatorChannel, inbound, sender: { languageHint: language }, receivedAt });
      await this.deps.inbox.append(citizenId, replies, receivedAt);
    });
  }
}

function inboundOf(input: CitizenSend["input"]): Inbound {
  // The simulator's "share my number" stands in for a platform that vouches for the number.
  return input.type === "contact" ? { type: "contact", phone: input.phone, own: true } : input;
}

/** The citizen's message as their own chat shows it. */
function ownText(request: CitizenSend): string {
  const input = request.input;
  switch (input.type) {
    case "start":
      return "/start";
    case "text":
      return input.text;
    case "choice":
      return request.label ?? input.payload;
    case "location":
      return `${input.latitude}, ${input.longitude}`;
    case "contact":
      return input.phone;
  }
}
