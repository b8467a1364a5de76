import { rejectionReasons, type RejectionReason } from "../core/appeal/appeal.js";
import { officialRoles, type OfficialRole } from "../core/ports/official-repository.js";
import { inboxFilters, type InboxFilter } from "./inbox.js";

/** The decisions an official starts from an appeal's card. */
export const cardActions = ["take", "answer", "clarify", "forward", "reject", "extend", "reassign", "close"] as const;
export type CardAction = (typeof cardActions)[number];

/**
 * Everything a button of the admin console can say. The data is short ASCII (Telegram
 * allows 64 bytes) and is untrusted: it is parsed back into this type, and whatever it
 * names is checked again against the official's agency and role before anything happens.
 */
export type Button =
  | Readonly<{ type: "inbox" }>
  | Readonly<{ type: "list"; filter: InboxFilter; page: number }>
  | Readonly<{ type: "card"; appealId: string }>
  | Readonly<{ type: "files"; appealId: string }>
  | Readonly<{ type: "action"; action: CardAction; appealId: string }>
  | Readonly<{ type: "forward_to"; agencyId: string }>
  | Readonly<{ type: "reject_reason"; reason: RejectionReason }>
  | Readonly<{ type: "assign_to"; officialId: string }>
  | Readonly<{ type: "confirm" }>
  | Readonly<{ type: "cancel" }>
  | Readonly<{ type: "language"; language: "kk" | "ru" }>
  | Readonly<{ type: "invite"; role: OfficialRole; agencyId: string }>
  | Readonly<{ type: "set_active"; officialId: string; active: boolean }>;

const appealId = /^[A-Z]{2,5}-\d{4}-\d{6}$/;
const slug = /^[a-z][a-z0-9_]{0,39}$/;
const address = /^[a-z]{1,16}:[\w@.+-]{1,40}$/;
/** Pages as Estu writes them: no leading zeros. */
const pageNumber = /^(?:0|[1-9]\d{0,3})$/;

/** The data to put on a button; at most 64 bytes for the ids Estu makes. */
export function buttonData(button: Button): string {
  switch (button.type) {
    case "inbox":
      return "m";
    case "list":
      return `l:${button.filter}:${button.page}`;
    case "card":
      return `c:${button.appealId}`;
    case "files":
      return `f:${button.appealId}`;
    case "action":
      return `d:${button.action}:${button.appealId}`;
    case "forward_to":
      return `fa:${button.agencyId}`;
    case "reject_reason":
      return `rr:${button.reason}`;
    case "assign_to":
      return `ra:${button.officialId}`;
    case "confirm":
      return "ok";
    case "cancel":
      return "x";
    case "language":
      return `lg:${button.language}`;
    case "invite":
      return `iv:${button.role}:${button.agencyId}`;
    case "set_active":
      return `${button.active ? "on" : "off"}:${button.officialId}`;
  }
}

/** The button that `data` describes, or undefined for anything Estu did not make. */
export function parseButton(data: string): Button | undefined {
  const [verb = "", ...rest] = data.split(":");
  const argument = rest.join(":");
  switch (verb) {
    case "m":
      return rest.length === 0 ? { type: "inbox" } : undefined;
    case "l": {
      const [filter, pageText = ""] = rest;
      const listed = inboxFilters.find((candidate) => candidate === filter);
      return listed && rest.length === 2 && pageNumber.test(pageText) ? { type: "list", filter: listed, page: Number(pageText) } : undefined;
    }
    case "c":
      return appealId.test(argument) ? { type: "card", appealId: argument } : undefined;
    case "f":
      return appealId.test(argument) ? { type: "files", appealId: argument } : undefined;
    case "d": {
      const [action, id = ""] = rest;
      const known = cardActions.find((candidate) => candidate === action);
      return known && rest.length === 2 && appealId.test(id) ? { type: "action", action: known, appealId: id } : undefined;
    }
    case "fa":
      return slug.test(argument) ? { type: "forward_to", agencyId: argument } : undefined;
    case "rr": {
      const reason = rejectionReasons.find((candidate) => candidate === argument);
      return reason ? { type: "reject_reason", reason } : undefined;
    }
    case "ra":
      return address.test(argument) ? { type: "assign_to", officialId: argument } : undefined;
    case "ok":
      return rest.length === 0 ? { type: "confirm" } : undefined;
    case "x":
      return rest.length === 0 ? { type: "cancel" } : undefined;
    case "lg":
      return argument === "kk" || argument === "ru" ? { type: "language", language: argument } : undefined;
    case "iv": {
      const [roleText, agencyId = ""] = rest;
      const role = officialRoles.find((candidate) => candidate === roleText);
      return role && rest.length === 2 && slug.test(agencyId) ? { type: "invite", role, agencyId } : undefined;
    }
    case "on":
    case "off":
      return address.test(argument) ? { type: "set_active", officialId: argument, active: verb === "on" } : undefined;
    default:
      return undefined;
  }
}
