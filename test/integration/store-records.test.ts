// Conversations, citizens, invites and reference data on the real MongoDB-wire server.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Conversation } from "../../src/core/ports/conversation-store.js";
import { ensureAgencyRosters, rebuildAgencyRosters } from "../../src/store/mongo-official-repository.js";
import { openMongoStore, type Store } from "../../src/store/mongo-store.js";
import { referenceCollections } from "../../src/store/reference-collections.js";
import { seedReferenceData } from "../../src/store/seed-reference-data.js";
import { shippedReferenceData } from "../support/fixtures.js";
import { openTestDatabase } from "../support/services.js";

const now = new Date("2026-11-27T10:00:00+05:00");
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let store: Store;

beforeAll(async () => {
  database = await openTestDatabase("records");
  store = await openMongoStore(database.connection);
});
afterAll(() => database.drop());

describe("conversations", () => {
  const fresh: Conversation = { id: "telegram:7", flowId: "new_appeal", flowVersion: 1, nodeId: "ask_kind", startedBy: "telegram:7:1", data: {}, trail: [], returnTo: null, returnAt: null, page: 0, language: "kk", consented: true, pending: null, handledKeys: ["telegram:7:1"], keptReplies: [{ key: "telegram:7:1", replies: [{ text: "Өтініш түрін таңдаңыз.", choices: [{ id: "complaint", label: "Шағым" }] }] }], lastCoupon: null, updatedAt: now, version: 0 };

  it("saves a new conversation once and then only at the version it was loaded at", async () => {
    const created = await store.conversations.save(fresh);
    expect(created).toEqual({ ok: true, conversation: { ...fresh, version: 1 } });
    expect(await store.conversations.save(fresh)).toEqual({ ok: false, reason: "stale" });

    const loaded = await store.conversations.load("telegram:7");
    expect(loaded).toEqual({ ...fresh, version: 1 });
    const moved = { ...fresh, nodeId: "ask_text", data: { kind: "complaint" }, version: 1 };
    const [a, b] = await Promise.all([store.conversations.save(moved), store.conversations.save({ ...moved, nodeId: "ask_region" })]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect((await store.conversations.load("telegram:7"))?.version).toBe(2);
  });

  it("keeps empty data", async () => {
    await store.conversations.save({ ...fresh, id: "telegram:8" });
    expect((await store.conversations.load("telegram:8"))?.data).toEqual({});
  });
});

describe("citizens", () => {
  it("stores a citizen once from their consent on, records language and consent, and forgets personal data", async () => {
    const id = "whatsapp:77011234567@s.whatsapp.net";
    // Before consent nothing is stored of them, and a language change stores nothing either.
    await store.citizens.setLanguage(id, "ru");
    expect(await store.citizens.get(id)).toBeUndefined();
    const consent = () => store.citizens.recordConsent(id, { at: now, version: 1 }, { channel: "whatsapp", language: "ru" });
    await Promise.all([consent(), consent()]);
    expect(await database.connection.collection("citizens").countDocuments({ _id: id } as never)).toBe(1);
    expect(await store.citizens.get(id)).toEqual({ id, channel: "whatsapp", language: "ru", consent: { at: now, version: 1 }, applicant: null, createdAt: now, forgottenAt: null });
    await store.citizens.setLanguage(id, "kk");
    await store.citizens.saveApplicant(id, { fullName: "Айгүл Серікова", iin: "900101400003", phone: "+77011234567", postalAddress: "Алматы" });
    expect(await store.citizens.get(id)).toMatchObject({ language: "kk", consent: { at: now, version: 1 }, applicant: { iin: "900101400003" } });
    const db = database.connection;
    await db.collection("whatsapp_addresses").insertMany([
      { _id: "77011234567@s.whatsapp.net", canonicalJid: "77011234567@s.whatsapp.net" },
      { _id: "20771234567@lid", canonicalJid: "77011234567@s.whatsapp.net" },
      { _id: "77019999999@s.whatsapp.net", canonicalJid: "77019999999@s.whatsapp.net" },
    ] as never[]);
    await db.collection("whatsapp_sent_messages").insertOne({ _id: "m1", citizenId: id, content: "c3VtbWFyeQ==", sentAt: now } as never);
    const later = new Date("2026-12-01T10:00:00+05:00");
    await store.citizens.forget(id, later);
    expect(await store.citizens.get(id)).toMatchObject({ language: null, consent: null, applicant: null, forgottenAt: later });
    // The messages kept for resends go; the address mapping stays, so answers to open appeals still arrive.
    expect(await db.collection("whatsapp_addresses").countDocuments()).toBe(3);
    expect(await db.collection("whatsapp_sent_messages").countDocuments({ citizenId: id })).toBe(0);
  });
});

describe("officials and invites", () => {
  const invite = { code: "K7Q2MX9PLA", agencyId: "akimat_almaty_city", role: "official" as const, createdBy: "cli", createdAt: now, expiresAt: new Date(now.getTime() + 86_400_000), usedBy: null, usedAt: null };

  it("redeems a code exactly once, even when two officials try at the same moment", async () => {
    await store.invites.create(invite);
    const results = await Promise.all([store.invites.redeem(invite.code, "telegram:501", now), store.invites.redeem(invite.code, "telegram:502", now)]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.find((result) => !result.ok)).toEqual({ ok: false, reason: "used" });
  });

  it("refuses an expired or unknown code", async () => {
    await store.invites.create({ ...invite, code: "EXPIRED001" });
    expect(await store.invites.redeem("EXPIRED001", "telegram:503", new Date(now.getTime() + 2 * 86_400_000))).toEqual({ ok: false, reason: "expired" });
    expect(await store.invites.redeem("NOSUCHCODE", "telegram:503", now)).toEqual({ ok: false, reason: "unknown" });
  });

  it("lists an agency's officials and deactivates one", async () => {
    await store.officials.put({ id: "telegram:501", agencyId: "akimat_almaty_city", role: "supervisor", language: "ru", displayName: "Official 501", active: true, createdAt: now });
    await store.officials.setActive("telegram:501", false);
    expect(await store.officials.listByAgency("akimat_almaty_city")).toEqual([
      { id: "telegram:501", agencyId: "akimat_almaty_city", role: "supervisor", language: "ru", displayName: "Official 501", active: false, createdAt: now },
    ]);
  });

  it("keeps each agency's roster through a move, a refused enrolment and a demo supervisor", async () => {
    const official = { id: "telegram:510", agencyId: "akimat_astana_city", role: "official" as const, language: "kk" as const, displayName: "Official 510", active: true, createdAt: now };
    await store.officials.put(official);
    expect((await store.officials.listByAgency("akimat_astana_city")).map((o) => o.id)).toEqual(["telegram:510"]);

    await store.officials.put({ ...official, agencyId: "almaty_energy_department" });
    expect(await store.officials.listByAgency("akimat_astana_city")).toEqual([]);
    expect(await store.officials.listByAgency("almaty_energy_department")).toEqual([{ ...official, agencyId: "almaty_energy_department" }]);

    await store.officials.setActive("telegram:510", false);
    expect(await store.officials.enrol({ ...official, agencyId: "akimat_shymkent_city" })).toBe(false);
    expect(await store.officials.listByAgency("akimat_shymkent_city")).toEqual([]);
    expect((await store.officials.listByAgency("almaty_energy_department")).map((o) => [o.id, o.active])).toEqual([["telegram:510", false]]);

    // First enrolments of one person at once (several invite codes): all go through, none reads as switched off.
    const twice = { ...official, id: "telegram:511", agencyId: "akimat_shymkent_city", displayName: "Official 511" };
    const roles = ["official", "supervisor", "official", "supervisor", "official", "supervisor"] as const;
    expect(await Promise.all(roles.map((role) => store.officials.enrol({ ...twice, role })))).toEqual(roles.map(() => true));
    expect((await store.officials.listByAgency("akimat_shymkent_city")).map((o) => [o.id, o.active])).toEqual([["telegram:511", true]]);

    expect(await store.officials.enrol({ ...official, id: "simulator:kk", displayName: "Demo" })).toBe(true);
    expect(await store.officials.listByAgency("akimat_astana_city")).toEqual([]);
    expect(await database.connection.collection("agency_rosters").findOne({ _id: "akimat_astana_city" as never })).toMatchObject({ officialIds: [] });
  });

  it("leaves out an official a roster still names after a move cut short, and builds rosters for officials stored before them or written by an older release", async () => {
    const rosters = database.connection.collection<{ _id: string; officialIds: string[] }>("agency_rosters");
    await store.officials.put({ id: "telegram:520", agencyId: "akimat_almaty_city", role: "official", language: "ru", displayName: "Official 520", active: true, createdAt: now });
    // What a process that died between writing the official into a new agency and taking them off the old roster leaves.
    await rosters.updateOne({ _id: "akimat_astana_city" }, { $addToSet: { officialIds: "telegram:520" } }, { upsert: true });
    expect((await store.officials.listByAgency("akimat_astana_city")).map((o) => o.id)).not.toContain("telegram:520");
    // The recount takes the stale id off and keeps the official on their own agency's roster.
    await rebuildAgencyRosters(database.connection);
    expect((await rosters.findOne({ _id: "akimat_astana_city" }))?.officialIds).not.toContain("telegram:520");
    expect((await rosters.findOne({ _id: "akimat_almaty_city" }))?.officialIds).toContain("telegram:520");

    const older = database.connection.useDb(`${database.connection.name}_roster_upgrade`);
    try {
      await older.collection("officials").insertMany([
        { _id: "telegram:531", agencyId: "akimat_almaty_city", role: "official", language: "kk", displayName: "Official 531", active: true, createdAt: now },
        { _id: "telegram:530", agencyId: "akimat_almaty_city", role: "supervisor", language: "ru", displayName: "Official 530", active: false, createdAt: now },
        { _id: "simulator:ru", agencyId: "akimat_almaty_city", role: "supervisor", language: "ru", displayName: "Demo", active: true, createdAt: now },
      ] as never[]);
      const upgraded = await openMongoStore(older);
      expect((await upgraded.officials.listByAgency("akimat_almaty_city")).map((o) => o.id)).toEqual(["telegram:530", "telegram:531"]);
      expect(await ensureAgencyRosters(older)).toBe(false);
      // What an official enrolled by a process of the release before rosters leaves: stored, on no roster; the recount puts them back.
      await older.collection("officials").insertOne({ _id: "telegram:532", agencyId: "akimat_almaty_city", role: "official", language: "kk", displayName: "Official 532", active: true, createdAt: now } as never);
      expect((await upgraded.officials.listByAgency("akimat_almaty_city")).map((o) => o.id)).not.toContain("telegram:532");
      await rebuildAgencyRosters(older);
      expect((await upgraded.officials.listByAgency("akimat_almaty_city")).map((o) => o.id)).toEqual(["telegram:530", "telegram:531", "telegram:532"]);
    } finally {
      await older.dropDatabase();
    }
  });
});

describe("reference data", () => {
  it("seeds idempotently and removes entries no longer in the files", async () => {
    const data = await shippedReferenceData();
    const first = await seedReferenceData(database.connection, data);
    const second = await seedReferenceData(database.connection, data);
    expect(second).toEqual(first);
    const collections = referenceCollections(database.connection);
    expect(await collections.regions.countDocuments()).toBe(20);
    expect(await collections.agencies.countDocuments()).toBe(data.agencies.length);
    expect(await store.directory.agency("akimat_almaty_city")).toMatchObject({ id: "akimat_almaty_city", prefix: "ALA" });
    await seedReferenceData(database.connection, { ...data, agencies: data.agencies.filter((a) => a.id !== "akimat_almaty_city") });
    expect(await store.directory.agency("akimat_almaty_city")).toBeUndefined();
  });
});
