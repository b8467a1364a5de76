// The admin console's button data: every button Estu makes survives the round trip
// through Telegram's 64-byte callback data, and anything else is refused.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buttonData, cardActions, parseButton, type Button } from "../../src/admin/callback-data.js";
import { inboxFilters } from "../../src/admin/inbox.js";
import { rejectionReasons } from "../../src/core/appeal/appeal.js";
import { officialRoles } from "../../src/core/ports/official-repository.js";
import { shippedReferenceData } from "../support/fixtures.js";

const reference = await shippedReferenceData();
const longestAgency = reference.agencies.map((agency) => agency.id).reduce((a, b) => (b.length > a.length ? b : a));
const longestPrefix = reference.agencies.map((agency) => agency.prefix).reduce((a, b) => (b.length > a.length ? b : a));
/** The longest number Estu gives: the longest prefix, a year and six digits. */
const longestNumber = `${longestPrefix}-2026-000042`;
const official = "telegram:1234567890";

/** One of every kind of button, with the longest realistic ids. */
const everyButton: Button[] = [
  { type: "inbox" },
  ...inboxFilters.flatMap((filter) => [0, 1, 9999].map((page): Button => ({ type: "list", filter, page }))),
  { type: "card", appealId: longestNumber },
  { type: "card", appealId: "ALA-2026-000042" },
  { type: "files", appealId: longestNumber },
  ...cardActions.map((action): Button => ({ type: "action", action, appealId: longestNumber })),
  ...reference.agencies.map((agency): Button => ({ type: "forward_to", agencyId: agency.id })),
  ...rejectionReasons.map((reason): Button => ({ type: "reject_reason", reason })),
  { type: "assign_to", officialId: official },
  { type: "confirm" },
  { type: "cancel" },
  { type: "language", language: "kk" },
  { type: "language", language: "ru" },
  ...officialRoles.flatMap((role) => reference.agencies.map((agency): Button => ({ type: "invite", role, agencyId: agency.id }))),
  { type: "set_active", officialId: official, active: true },
  { type: "set_active", officialId: official, active: false },
];

describe("button data round trip", () => {
  it("covers every kind of button", () => {
    const kinds = new Set(everyButton.map((button) => button.type));
    expect([...kinds].sort()).toEqual(
      ["inbox", "list", "card", "files", "action", "forward_to", "reject_reason", "assign_to", "confirm", "cancel", "language", "invite", "set_active"].sort(),
    );
    expect(longestAgency).toBe("almaty_transport_department");
  });

  it.each(everyButton.map((button) => [buttonData(button), button] as const))("%s parses back to its button", (data, button) => {
    expect(parseButton(data)).toEqual(button);
  });

  it.each(everyButton.map((button) => [buttonData(button)] as const))("%s is printable ASCII of at most 64 bytes", (data) => {
    expect(Buffer.byteLength(data, "utf8")).toBeLessThanOrEqual(64);
    expect(data).toMatch(/^[\x21-\x7e]+$/);
  });

  it("gives distinct data to distinct buttons", () => {
    const data = everyButton.map(buttonData);
    expect(new Set(data).size).toBe(data.length);
  });

  it("makes the data the e2e test and the admin bot rely on", () => {
    expect(buttonData({ type: "inbox" })).toBe("m");
    expect(buttonData({ type: "list", filter: "late", page: 0 })).toBe("l:late:0");
    expect(buttonData({ type: "action", action: "take", appealId: "ALA-2026-000042" })).toBe("d:take:ALA-2026-000042");
    expect(buttonData({ type: "set_active", officialId: official, active: false })).toBe("off:telegram:1234567890");
    expect(buttonData({ type: "invite", role: "supervisor", agencyId: longestAgency })).toBe("iv:supervisor:almaty_transport_department");
  });
});

describe("forged or garbage data", () => {
  const forged = [
    "",
    ":",
    "::",
    "m:",
    "m:x",
    "M",
    " m",
    "m ",
    "ok:",
    "ok:1",
    "OK",
    "x:",
    "x:y",
    "zz",
    "delete:ALA-2026-000042",
    "l:late:99999",
    "l:late:-1",
    "l:late:1.5",
    "l:late:",
    "l:late",
    "l:late:0:0",
    "l:spam:0",
    "l:LATE:0",
    "l::0",
    "c:",
    "c:ala-2026-000042",
    "c:ALA-26-000042",
    "c:ALA-2026-42",
    "c:ALA-2026-0000420",
    "c:A-2026-000042",
    "c:ABCDEF-2026-000042",
    "c:ALA_2026_000042",
    "c:ALA-2026-000042:extra",
    "c:ALA-2026-000042 ",
    "c:ALA-2026-000042\n",
    "c:../ALA-2026-000042",
    "c:ALA-2026-00004😀",
    "f:",
    "f:../../etc/passwd",
    "d:take:",
    "d:take",
    "d:",
    "d:take:ALA-2026-000042:extra",
    "d:delete:ALA-2026-000042",
    "d:withdraw:ALA-2026-000042",
    "d:rate:ALA-2026-000042",
    "d:TAKE:ALA-2026-000042",
    "d::ALA-2026-000042",
    "d:take:ala-2026-000042",
    "fa:",
    "fa:../agencies",
    "fa:Akimat",
    "fa:1akimat",
    "fa:akimat almaty",
    "fa:akimat:almaty",
    "fa:akimat/almaty",
    "fa:акимат",
    "fa:akimat_😀",
    // The forwarding list's pages are gone (bodies are found by typing): old page buttons are stale.
    "fp:0",
    "fp:3",
    "fp:",
    "fp:-1",
    "fp:10000",
    "fp:1e3",
    "fp:0x1",
    "fp: 1",
    "rr:",
    "rr:because",
    "rr:anonymous:x",
    "rr:ANONYMOUS",
    "ra:",
    "ra:telegram",
    "ra:telegram:",
    "ra::123",
    "ra:Telegram:123",
    "ra:telegram:12 34",
    "ra:telegram:../../x",
    "ra:telegram:😀",
    "lg:",
    "lg:en",
    "lg:KK",
    "lg:kk:ru",
    "iv:",
    "iv:official",
    "iv:official:",
    "iv:god:akimat_almaty_city",
    "iv:official:akimat_almaty_city:extra",
    "iv:official:../akimat",
    "on:",
    "off:",
    "on:self",
    "off:telegram",
    "off:telegram:1 2",
    "on:telegram:😀",
    "__proto__",
    "constructor",
    "l:constructor:0",
    "l:__proto__:0",
    "d:constructor:ALA-2026-000042",
    "rr:constructor",
    "iv:constructor:akimat_almaty_city",
    "😀",
    "c:" + "A".repeat(1000),
    "d:take:" + "ALA-2026-000042".repeat(50),
    "l:new:" + "9".repeat(200),
    "\u0000",
    "m\u0000",
  ];

  it.each(forged.map((data) => [JSON.stringify(data), data] as const))("refuses %s", (_shown, data) => {
    expect(parseButton(data)).toBeUndefined();
  });
});

describe("parseButton on arbitrary strings", () => {
  /** Strings made of the pieces real data is made of, so the fuzzer gets past the first check. */
  const plausible = fc
    .array(
      fc.oneof(
        fc.constantFrom("m", "l", "c", "f", "d", "fa", "fp", "rr", "ra", "ok", "x", "lg", "iv", "on", "off", ":", ":", "-", "_", "telegram", "kk", "ru"),
        fc.constantFrom(...inboxFilters, ...cardActions, ...rejectionReasons, ...officialRoles, "akimat_almaty_city", "ALA-2026-000042", "ALEN-2026-000001"),
        fc.integer({ min: 0, max: 99999 }).map(String),
        fc.string({ maxLength: 4 }),
      ),
      { maxLength: 6 },
    )
    .map((parts) => parts.join(""));

  it("never throws, and whatever it accepts it would make itself", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ unit: "binary", maxLength: 40 }), plausible), (data) => {
        const button = parseButton(data);
        // Pages with leading zeros are the one known exception: see the failing test below.
        if (button && !("page" in button && /:0\d+$/.test(data))) expect(buttonData(button)).toBe(data);
      }),
      { numRuns: 5_000 },
    );
  });

  it("accepts every button it makes, for generated ids and pages", () => {
    const number = fc
      .tuple(fc.stringMatching(/^[A-Z]{2,5}$/), fc.integer({ min: 2000, max: 2999 }), fc.integer({ min: 0, max: 999_999 }))
      .map(([prefix, year, sequence]) => `${prefix}-${year}-${String(sequence).padStart(6, "0")}`);
    const button: fc.Arbitrary<Button> = fc.oneof(
      fc.record({ type: fc.constant("list" as const), filter: fc.constantFrom(...inboxFilters), page: fc.integer({ min: 0, max: 9999 }) }),
      fc.record({ type: fc.constant("card" as const), appealId: number }),
      fc.record({ type: fc.constant("files" as const), appealId: number }),
      fc.record({ type: fc.constant("action" as const), action: fc.constantFrom(...cardActions), appealId: number }),
      fc.record({ type: fc.constant("assign_to" as const), officialId: fc.bigInt({ min: 1n, max: 9_999_999_999n }).map((id) => `telegram:${id}`) }),
      fc.record({ type: fc.constant("set_active" as const), officialId: fc.bigInt({ min: 1n, max: 9_999_999_999n }).map((id) => `telegram:${id}`), active: fc.boolean() }),
    );
    fc.assert(
      fc.property(button, (made) => {
        const data = buttonData(made);
        expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
        expect(parseButton(data)).toEqual(made);
      }),
    );
  });

  // parseButton accepts only what Estu makes: pages without leading zeros.
  it("refuses pages written with leading zeros, which Estu never makes", () => {
    for (const data of ["l:new:007", "l:late:00", "fp:01", "fp:0000"]) expect(parseButton(data), data).toBeUndefined();
  });
});
