import { readFile } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AttachmentRef, Language } from "../../core/appeal/appeal.js";
import { cleanFileName, namedFiles } from "../../core/appeal/file-name.js";
import { AppError } from "../../core/errors.js";
import type { Outbound } from "../../core/outbound.js";
import type { MediaSource } from "../../core/ports/media-source.js";
import type { SimulatorInbox } from "../../core/ports/simulator-inbox.js";
import type { Logger } from "../../logger.js";
import { refusedRequest, type GuardRule } from "./request-guard.js";
import { simulatorChannel, type SimulatorChannel } from "./simulator-channel.js";
import { citizenIdSchema, citizenSendSchema, messageIdSchema, officialSendSchema, uploadKinds } from "./simulator-requests.js";

type Route = (request: IncomingMessage, response: ServerResponse) => Promise<void>;

const maxJsonBytes = 256 * 1024;
const maxFileBytes = 10 * 1024 * 1024;
const pageFile = new URL("./page.html", import.meta.url);
const jsonPost: GuardRule = { post: true, json: true };
/** A file's bytes go with the file's own content type; the Origin check alone keeps other pages out. */
const filePost: GuardRule = { post: true, json: false };

export type SimulatorRoutesDeps = Readonly<{
  channel: SimulatorChannel;
  inbox: SimulatorInbox;
  /** The simulator's own files (nothing of a real channel). */
  media: MediaSource;
  /** Live figures for the page's header, in the language asked for: appeals by status, overdue, deliveries. */
  figures: (language: Language) => Promise<Readonly<Record<string, unknown>>>;
  /** The agencies the console can act for, and the one to show first. */
  agencies: Readonly<{ agencies: readonly Readonly<{ id: string; name: string }>[]; preferred: string }>;
  /** Host names the page may be opened under (see refusedRequest). */
  allowedHosts: readonly string[];
  log: Logger;
}>;

/** The simulator's HTTP routes by path; everything under `/sim/` plus the page at `/`. */
export async function simulatorRoutes(deps: SimulatorRoutesDeps): Promise<Readonly<{ exact: Readonly<Record<string, Route>>; files: Route }>> {
  const page = await readFile(pageFile, "utf8");
  const json = (response: ServerResponse, status: number, body: unknown) =>
    void response.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" }).end(JSON.stringify(body));
  const guarded =
    (route: Route, rule: GuardRule = { post: false, json: false }): Route =>
    async (request, response) => {
      const refused = refusedRequest(request, deps.allowedHosts, rule);
      if (refused) {
        deps.log.warn({ path: request.url?.split("?")[0], refused }, "simulator request refused");
        return json(response, 403, { error: refused });
      }
      try {
        await route(request, response);
      } catch (error) {
        if (error instanceof BadRequest) return json(response, 400, { error: error.message });
        deps.log.error({ error: error instanceof AppError ? { code: error.code, message: error.message } : String(error) }, "simulator request failed");
        if (!response.headersSent) json(response, 500, { error: "internal error" });
      }
    };
  return {
    exact: {
      "/": guarded(async (_request, response) => void response.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-cache" }).end(page)),
      "/sim/citizen/send": guarded(async (request, response) => {
        await deps.channel.receive(parse(citizenSendSchema, await jsonBody(request)));
        json(response, 200, { ok: true });
      }, jsonPost),
      "/sim/citizen/upload": guarded(async (request, response) => {
        const query = new URL(request.url ?? "/", "http://sim").searchParams;
        const kind = uploadKinds.find((candidate) => candidate === query.get("kind")) ?? "document";
        const file = { data: await body(request, maxFileBytes), fileName: cleanFileName(query.get("name")), mimeType: request.headers["content-type"] };
        await deps.channel.receiveFile(parse(citizenIdSchema, query.get("citizen")), parse(messageIdSchema, query.get("id")), kind, file);
        json(response, 200, { ok: true });
      }, filePost),
      "/sim/citizen/messages": guarded(async (request, response) => {
        const query = new URL(request.url ?? "/", "http://sim").searchParams;
        const citizen = parse(citizenIdSchema, query.get("citizen"));
        const messages = await deps.inbox.after(`simulator:${citizen}`, Number(query.get("after") ?? 0) || 0, 100);
        json(response, 200, { messages: messages.map(({ seq, from, message, at }) => ({ seq, from, at, ...forPage(message) })) });
      }),
      "/sim/official/send": guarded(async (request, response) => {
        const replies = await deps.channel.official(parse(officialSendSchema, await jsonBody(request)));
        json(response, 200, { replies: replies.map((reply) => ({ ...forPage(reply), screen: reply.screen === true })) });
      }, jsonPost),
      "/sim/official/upload": guarded(async (request, response) => {
        const query = new URL(request.url ?? "/", "http://sim").searchParams;
        const kind = uploadKinds.find((candidate) => candidate === query.get("kind")) ?? "document";
        const attachment = await deps.channel.keep(kind, { data: await body(request, maxFileBytes), fileName: cleanFileName(query.get("name")), mimeType: request.headers["content-type"] });
        const send = parse(officialSendSchema, { agency: query.get("agency"), id: query.get("id"), language: query.get("language") ?? undefined, event: { type: "text", text: "" } });
        const replies = await deps.channel.official(send, attachment);
        json(response, 200, { replies: replies.map((reply) => ({ ...forPage(reply), screen: reply.screen === true })) });
      }, filePost),
      "/sim/figures": guarded(async (request, response) => {
        const language = new URL(request.url ?? "/", "http://sim").searchParams.get("language") === "ru" ? "ru" : "kk";
        json(response, 200, await deps.figures(language));
      }),
      "/sim/agencies": guarded(async (_request, response) => json(response, 200, deps.agencies)),
    },
    files: guarded(async (request, response) => {
      const [, , , channel = "", fileId = ""] = new URL(request.url ?? "/", "http://sim").pathname.split("/");
      // Only the simulator's own files: beside real channels, a real citizen's file must not be one URL away.
      const file = channel === simulatorChannel ? await deps.media.open({ kind: "document", channel, fileId: decodeURIComponent(fileId) }).catch(() => undefined) : undefined;
      if (!file) return void response.writeHead(404).end();
      // Served as downloads the browser must not sniff: an uploaded page never runs on this origin.
      const image = /^image\/(png|jpeg|gif|webp)$/.test(file.mimeType ?? "");
      response
        .writeHead(200, {
          "content-type": image ? (file.mimeType ?? "application/octet-stream") : "application/octet-stream",
          "content-disposition": contentDisposition(image ? "inline" : "attachment", file.fileName),
          "x-content-type-options": "nosniff",
          "content-security-policy": "default-src 'none'",
        })
        .end(Buffer.from(file.data));
    }),
  };
}

/** An outbound message as the page shows it: files become links the page can open. */
function forPage(message: Outbound) {
  return { text: message.text, choices: message.choices, request: message.request ?? null, attachments: (message.attachments ?? []).map(link) };
}

function link(attachment: AttachmentRef) {
  const name = namedFiles([attachment])[0];
  return { kind: attachment.kind, url: `/sim/files/${encodeURIComponent(attachment.channel)}/${encodeURIComponent(attachment.fileId)}`, ...(name ? { name } : {}) };
}

class BadRequest extends Error {}

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } } }, value: unknown): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new BadRequest(result.error.issues.map((issue) => `${issue.path.map(String).join(".") || "value"}: ${issue.message}`).join("; "));
  return result.data;
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  const text = (await body(request, maxJsonBytes)).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BadRequest("the body is not JSON");
  }
}

async function body(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BadRequest(`body over ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** The file's name for the browser: an ASCII stand-in for old clients, and the real name in UTF-8 (RFC 6266). */
function contentDisposition(type: "inline" | "attachment", name: string): string {
  const ascii = name.replace(/[^\w.\- ]/g, "_").slice(0, 80) || "file";
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${type}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
