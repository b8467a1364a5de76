import { describe, expect, it } from "vitest";
import { attachmentSchema } from "../../src/core/appeal/appeal-draft.js";
import { cleanFileName, maxFileNameLength, namedFiles } from "../../src/core/appeal/file-name.js";

describe("file names taken from senders", () => {
  it("keeps an ordinary name as sent, in any script", () => {
    expect(cleanFileName("Акт обследования № 12.pdf")).toBe("Акт обследования № 12.pdf");
    expect(cleanFileName("Жөндеу актісі.docx")).toBe("Жөндеу актісі.docx");
  });

  it("shortens by UTF-16 units, as the stored schema counts, never splitting an emoji", () => {
    const name = cleanFileName(`${"📄".repeat(70)}.pdf`) ?? "";
    expect(name.length).toBeLessThanOrEqual(maxFileNameLength);
    expect(name).toMatch(/^(📄)+…\.pdf$/u);
    expect(attachmentSchema.safeParse({ kind: "document", channel: "telegram", fileId: "BQAD-1", fileName: name }).success).toBe(true);
  });

  it("keeps only the last path segment, whichever separator the sender's system uses", () => {
    expect(cleanFileName("../../etc/passwd")).toBe("passwd");
    expect(cleanFileName("C:\\Users\\aigul\\Desktop\\акт.pdf")).toBe("акт.pdf");
  });

  it("drops control and invisible formatting characters and puts the name on one line", () => {
    expect(cleanFileName("акт\n\tиюль\u0000.pdf")).toBe("акт июль.pdf");
    // A right-to-left override would show "invoice‮fdp.exe" as "invoiceexe.pdf".
    expect(cleanFileName("invoice\u202Efdp.exe")).toBe("invoicefdp.exe");
    expect(cleanFileName("  plan.pdf  ")).toBe("plan.pdf");
  });

  it("has no name for nothing readable: empty, only dots, only a directory", () => {
    expect(cleanFileName(undefined)).toBeUndefined();
    expect(cleanFileName(null)).toBeUndefined();
    expect(cleanFileName("")).toBeUndefined();
    expect(cleanFileName("..")).toBeUndefined();
    expect(cleanFileName("docs/")).toBeUndefined();
    expect(cleanFileName("\u0007\u200B")).toBeUndefined();
  });

  it("shortens a long name to the limit, keeping its extension", () => {
    const long = `${"Ә".repeat(300)}.pdf`;
    const cleaned = cleanFileName(long) ?? "";
    expect(Array.from(cleaned)).toHaveLength(maxFileNameLength);
    expect(cleaned).toBe(`${"Ә".repeat(maxFileNameLength - 5)}….pdf`);
    expect(cleanFileName("x".repeat(200))).toBe(`${"x".repeat(maxFileNameLength - 1)}…`);
  });
});

describe("files listed by name", () => {
  it("lists the names of documents, audio and video, never a name for a photo", () => {
    const files = [
      { kind: "photo" as const, channel: "simulator", fileId: "1", fileName: "IMG_2041.jpg" },
      { kind: "document" as const, channel: "telegram", fileId: "2", fileName: "акт.pdf" },
      { kind: "voice" as const, channel: "telegram", fileId: "3" },
      { kind: "video" as const, channel: "whatsapp", fileId: "4", fileName: "двор.mp4" },
    ];
    expect(namedFiles(files)).toEqual(["акт.pdf", "двор.mp4"]);
    expect(namedFiles([])).toEqual([]);
  });
});
