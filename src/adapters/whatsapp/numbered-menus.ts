import type { Redis } from "ioredis";
import type { Inbound } from "../../core/inbound.js";
import type { Outbound } from "../../core/outbound.js";
import { matchNumberedReply } from "./render-outbound.js";

/** A notification's menu stays answerable for as long as a citizen may take to read it. */
const menuTtlSeconds = 14 * 24 * 60 * 60;

type Choices = Outbound["choices"];

/**
 * The last menu of buttons that open something (`go:rate:<number>`, `go:appeal:<number>`,
 * a page of "my appeals"), per citizen. The engine reads a typed number or label
 * against the question its conversation is at, but these buttons belong to a
 * notification or a list, not to that question: on Telegram they are pressed, on
 * WhatsApp their number is typed, and only the adapter knows which menu the citizen
 * saw last. Kept in Redis, so a standby that takes over still knows it.
 */
export class NumberedMenus {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  /**
   * Remembers the menu of the last message with choices among `sent`, when it has
   * buttons that open something; forgets the previous one otherwise, since the
   * citizen now sees another menu (or none) last.
   */
  async remember(citizenId: string, sent: readonly Outbound[]): Promise<void> {
    const choices = sent.findLast((message) => message.choices.length > 0)?.choices ?? [];
    if (choices.some((choice) => isOpener(choice.id))) await this.redis.set(this.key(citizenId), JSON.stringify(choices), "EX", menuTtlSeconds);
    else await this.redis.del(this.key(citizenId));
  }

  /** The citizen's message as a button press when it names one of those buttons (its number or label); as it is otherwise. */
  async read(citizenId: string, inbound: Inbound): Promise<Inbound> {
    if (inbound.type !== "text") return inbound;
    const stored = await this.redis.get(this.key(citizenId));
    if (stored === null) return inbound;
    const id = matchNumberedReply(inbound.text, JSON.parse(stored) as Choices);
    return id !== undefined && isOpener(id) ? { type: "choice", payload: id } : inbound;
  }

  private key(citizenId: string): string {
    return `${this.prefix}:${citizenId}`;
  }
}

/** A button that opens a flow by itself, whatever the conversation is at. */
function isOpener(id: string): boolean {
  return id.startsWith("go:");
}
