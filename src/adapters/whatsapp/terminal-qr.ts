import { spawn } from "node:child_process";

/**
 * The QR code drawn with text blocks by the `qrencode` program (Debian package
 * `qrencode`), or undefined when it is not installed or fails: no QR library is
 * among Estu's dependencies, and the linking command then offers the pairing code.
 */
export function drawQr(text: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn("qrencode", ["-t", "UTF8", "-m", "2", "-o", "-"], { stdio: ["pipe", "pipe", "ignore"] });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    child.on("error", () => resolve(undefined));
    child.on("close", (code) => resolve(code === 0 && chunks.length > 0 ? Buffer.concat(chunks).toString("utf8") : undefined));
    child.stdin.on("error", () => undefined);
    child.stdin.end(text);
  });
}
