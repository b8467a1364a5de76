import { existsSync } from "node:fs";
import { loadConfig, type Config } from "../config.js";

/** Reads `.env` when present (variables already set win), then validates the environment. */
export function loadEnvironment(): Config {
  if (existsSync(".env")) process.loadEnvFile(".env");
  return loadConfig(process.env);
}
