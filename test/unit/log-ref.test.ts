import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { redactJids } from "../../src/adapters/whatsapp/jid-redacting-logger.js";
import { createLogRef } from "../../src/core/log-ref.js";
import { loadLogKey } from "../../src/runtime/load-log-key.js";

const address = "whatsapp:77012345678@s.whatsapp.net";

describe("createLogRef", () => {
  it("is stable under one key, differs under another, and keeps the channel", () => {
    const ref = createLogRef("k".repeat(32));
    expect(ref(address)).toBe(ref(address));
    expect(ref(address)).toMatch(/^whatsapp:[0-9a-f]{12}$/);
    expect(createLogRef("other".repeat(8))(address)).not.toBe(ref(address));
  });

  it("cannot be recomputed from the address alone, as the unkeyed hash could", () => {
    const unkeyed = `whatsapp:${createHash("sha256").update(address).digest("hex").slice(0, 12)}`;
    expect(createLogRef("k".repeat(32))(address)).not.toBe(unkeyed);
  });

  it("refuses an empty key", () => {
    expect(() => createLogRef("")).toThrow(/key/);
  });
});

describe("the WhatsApp log redactor", () => {
  it("replaces every JID, however deep, by the keyed stand-in", () => {
    const logRef = createLogRef("k".repeat(32));
    const redacted = JSON.stringify(redactJids({ key: { remoteJid: "77012345678@s.whatsapp.net" }, msg: ["from 77012345678@s.whatsapp.net"] }, logRef));
    expect(redacted).not.toContain("77012345678");
    expect(redacted).toContain(logRef(address));
  });
});

describe("loadLogKey", () => {
  let folder: string | undefined;
  afterEach(async () => {
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it("takes ESTU_LOG_KEY when set and writes nothing", async () => {
    folder = await mkdtemp(join(tmpdir(), "estu-log-key-"));
    expect(await loadLogKey("s".repeat(40), folder)).toBe("s".repeat(40));
    await expect(stat(join(folder, "log-key"))).rejects.toThrow();
  });

  it("makes a random key once, readable by its owner only, and keeps it", async () => {
    folder = await mkdtemp(join(tmpdir(), "estu-log-key-"));
    const data = join(folder, "data");
    const [first, second] = await Promise.all([loadLogKey(undefined, data), loadLogKey(undefined, data)]);
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    expect(second).toBe(first);
    expect(await loadLogKey(undefined, data)).toBe(first);
    expect((await stat(join(data, "log-key"))).mode & 0o777).toBe(0o600);
    expect((await readFile(join(data, "log-key"), "utf8")).trim()).toBe(first);
  });

  it("refuses a key file that holds no key", async () => {
    folder = await mkdtemp(join(tmpdir(), "estu-log-key-"));
    await writeFile(join(folder, "log-key"), "short\n");
    await expect(loadLogKey(undefined, folder)).rejects.toThrow(/no log key/);
  });
});
