import { readFile } from "node:fs/promises";
import { relative } from "node:path";
import { parse } from "yaml";
import type { z } from "zod";
import { AppError } from "../core/errors.js";

/**
 * Reads a YAML data file and validates it with `schema`. A problem names the file,
 * the path inside it and what is wrong, so an operator can fix it in one go.
 */
export async function readDataFile<S extends z.ZodType>(path: string, schema: S): Promise<z.infer<S>> {
  const shown = relative(process.cwd(), path) || path;
  let raw: unknown;
  try {
    raw = parse(await readFile(path, "utf8"));
  } catch (error) {
    throw new AppError("DATA_FILE_UNREADABLE", `${shown}: ${(error as Error).message}`, { path: shown }, { cause: error });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${shown}: ${issue.path.join(".") || "(file)"}: ${issue.message}`);
    throw new AppError("DATA_FILE_INVALID", problems.join("\n"), { path: shown });
  }
  return parsed.data;
}
