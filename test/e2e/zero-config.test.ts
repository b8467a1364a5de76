// `npm start` from a clean checkout with no configuration: it brings up the embedded
// FerretDB (data under ./.data) and the simulator; an appeal filed through the simulator
// is still there after a stop and a second start. Only PATH and HOME are passed, plus a
// free port and a Redis key prefix so the run cannot meet another Estu on this machine.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, rm, symlink } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort } from "../../src/embedded/free-port.js";
import { projectRoot } from "../../src/embedded/project-root.js";
import { uniqueName } from "../support/services.js";

type Shown = { seq: number; text: string; choices: { id: string; label: string }[] };

let checkout: string;
let base: string;
let env: NodeJS.ProcessEnv;
let estu: ChildProcess | undefined;
let output = "";

beforeAll(async () => {
  checkout = join(await mkdtemp(join(tmpdir(), "estu-checkout-")), "estu");
  execFileSync("git", ["clone", "-q", projectRoot, checkout]);
  await symlink(join(projectRoot, "node_modules"), join(checkout, "node_modules"));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  env = { PATH: process.env["PATH"], HOME: process.env["HOME"], ESTU_HTTP_PORT: String(port), ESTU_REDIS_PREFIX: uniqueName("zero") };
});

afterAll(async () => {
  await stop();
  await rm(join(checkout, ".."), { recursive: true, force: true });
});

/** Starts `npm start` (or another npm script) in the checkout and waits until the simulator answers; returns the milliseconds it took. */
async function start(script = "start"): Promise<number> {
  const began = Date.now();
  output = "";
  estu = spawn("npm", ["run", script], { cwd: checkout, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  estu.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  estu.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString("utf8")));
  for (;;) {
    if (estu.exitCode !== null) throw new Error(`npm run ${script} exited with ${estu.exitCode}:\n${output.slice(-3_000)}`);
    if (await fetch(`${base}/`).then((response) => response.ok).catch(() => false)) return Date.now() - began;
    if (Date.now() - began > 240_000) throw new Error(`the simulator did not answer within 4 minutes:\n${output.slice(-3_000)}`);
    await sleep(200);
  }
}

/** Stops it as an operator does (SIGTERM to the process group) and waits for the exit. */
async function stop(): Promise<void> {
  const child = estu;
  if (!child || child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(-child.pid, "SIGTERM");
  await exited;
  estu = undefined;
}

async function messages(citizen: string): Promise<Shown[]> {
  return ((await (await fetch(`${base}/sim/citizen/messages?citizen=${citizen}&after=0`)).json()) as { messages: Shown[] }).messages;
}

let sent = 0;
async function send(citizen: string, input: Record<string, unknown>): Promise<void> {
  sent += 1;
  const response = await fetch(`${base}/sim/citizen/send`, { method: "POST", headers: { "content-type": "application/json", origin: base }, body: JSON.stringify({ citizen, id: `m${sent}`, language: "ru", input }) });
  expect(response.status).toBe(200);
}

/** Presses the button labelled `label` on the last message that has buttons. */
async function press(citizen: string, label: string): Promise<void> {
  const withChoices = (await messages(citizen)).filter((message) => message.choices.length > 0).at(-1);
  const choice = withChoices?.choices.find((candidate) => candidate.label === label);
  if (!choice) throw new Error(`no button "${label}" in: ${JSON.stringify(withChoices)}`);
  await send(citizen, { type: "choice", payload: choice.id });
}

describe("npm start on embedded defaults", () => {
  const citizen = "c-restart";
  let number = "";

  it("starts the simulator with no configuration and files an appeal through it", async () => {
    const took = await start();
    expect(output).toContain("Estu simulator: open http://localhost:");
    expect(output).toContain("embedded FerretDB 1.24.2 (SQLite) is running");
    // Only what is true here: FerretDB is built already (the test setup did it), only the simulator runs, and the shared Redis's prefix is named.
    expect(output).not.toContain("building FerretDB");
    expect(output).not.toContain("TELEGRAM_ADMIN_BOT_TOKEN is not set");
    expect(output).toContain(`keys under '${env["ESTU_REDIS_PREFIX"]}:'`);
    process.stdout.write(`[zero-config] npm start to a ready simulator: ${took} ms\n`);
    await send(citizen, { type: "start" });
    for (const label of ["Да, на русском", "Даю согласие", "Подать обращение"]) await press(citizen, label);
    await send(citizen, { type: "text", text: "В доме третий день нет горячей воды, Абая 10." });
    for (const label of ["Готово", "Жалоба — нарушены мои права", "Жилищно-коммунальное хозяйство", "г. Алматы", "Алмалинский район"]) await press(citizen, label);
    await send(citizen, { type: "text", text: "Петров Иван Сергеевич" });
    await send(citizen, { type: "text", text: "900101400003" });
    await send(citizen, { type: "contact", phone: "+77011234567" });
    await send(citizen, { type: "text", text: "Алматы, пр. Абая 10, кв. 5" });
    await press(citizen, "Всё верно, отправляю");
    const coupon = (await messages(citizen)).find((message) => message.text.startsWith("✅"));
    number = /№ (ALEN-\d{4}-\d{6})/.exec(coupon?.text ?? "")?.[1] ?? "";
    expect(number).toMatch(/^ALEN-\d{4}-\d{6}$/);
  });

  it("finds the appeal after a stop and a second start", async () => {
    await stop();
    const took = await start();
    process.stdout.write(`[zero-config] second start to a ready simulator: ${took} ms\n`);
    expect((await messages(citizen)).some((message) => message.text.includes(number))).toBe(true);
    const response = await fetch(`${base}/sim/official/send`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: base },
      body: JSON.stringify({ agency: "almaty_energy_department", id: "find-1", language: "ru", event: { type: "command", name: "find", argument: number } }),
    });
    const { replies } = (await response.json()) as { replies: { text: string }[] };
    expect(replies[0]?.text).toContain(`№ ${number} — новое`);
    expect(replies[0]?.text).toContain("В доме третий день нет горячей воды, Абая 10.");
  });

  it("builds to JavaScript (npm run build) and runs the built app on the same data (npm run start:built)", async () => {
    await stop();
    execFileSync("npm", ["run", "build"], { cwd: checkout, env, stdio: "pipe" });
    // With source maps, so a stack trace in the built app's log names the TypeScript lines.
    await access(join(checkout, "dist", "main.js.map"));
    const took = await start("start:built");
    process.stdout.write(`[zero-config] start of the built app to a ready simulator: ${took} ms\n`);
    expect(output).toContain("node --enable-source-maps dist/main.js");
    expect(output).toContain("embedded FerretDB 1.24.2 (SQLite) is running");
    // The simulator's page is not TypeScript: the build copies it.
    expect(await fetch(`${base}/`).then((response) => response.text())).toContain("<html");
    expect((await messages(citizen)).some((message) => message.text.includes(number))).toBe(true);
  }, 180_000);
});

/** The line Estu logs once its embedded FerretDB answers, with that server's port. */
const ferretDbRunning = /"url":"mongodb:\/\/127\.0\.0\.1:(\d+)\/"[^\n]*"msg":"embedded FerretDB 1\.24\.2 \(SQLite\) is running"/;

/** Starts Estu's own process (no npm in between) and resolves as soon as its embedded FerretDB runs, before Estu is ready. */
async function startUntilFerretDb(): Promise<{ child: ChildProcess; port: number; log: () => string }> {
  let log = "";
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { cwd: checkout, env, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString("utf8")));
  for (const began = Date.now(); Date.now() - began < 240_000 && child.exitCode === null; await sleep(10)) {
    const port = ferretDbRunning.exec(log)?.[1];
    if (port) return { child, port: Number(port), log: () => log };
  }
  throw new Error(`Estu did not report its embedded FerretDB:\n${log.slice(-3_000)}`);
}

/** True when something accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("the embedded FerretDB never outlives the Estu that started it", () => {
  const runningUrlFile = () => join(checkout, ".data", "ferretdb", "running.url");

  it("finishes starting and then stops everything when SIGTERM comes during the start", async () => {
    await stop();
    const { child, port, log } = await startUntilFerretDb();
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    // To Estu's process alone, as systemd or a container runtime sends it, while the start is still under way.
    child.kill("SIGTERM");
    expect(await exited, log()).toBe(0);
    expect(log()).toContain('"msg":"stopped"');
    expect(await listening(port)).toBe(false);
    await expect(access(runningUrlFile())).rejects.toThrow();
  });

  it("stops the FerretDB of an Estu killed outright within seconds", async () => {
    const { child, port } = await startUntilFerretDb();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    child.kill("SIGKILL");
    await exited;
    let stillListening = true;
    for (const began = Date.now(); stillListening && Date.now() - began < 10_000; await sleep(100)) stillListening = await listening(port);
    expect(stillListening).toBe(false);
  });
});
