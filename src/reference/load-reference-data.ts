import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { calendarYearSchema, type CalendarYear } from "../core/calendar/calendar-year.js";
import { checkReferenceData } from "../core/reference/check-reference-data.js";
import { AppError } from "../core/errors.js";
import {
  agenciesFileSchema,
  categoriesFileSchema,
  regionsFileSchema,
  routingFileSchema,
  type ReferenceData,
} from "../core/reference/reference-data.js";
import { readDataFile } from "./read-data-file.js";

/** Reads and checks `data/*.yaml`; throws with every problem listed. */
export async function loadReferenceData(dataDir: string): Promise<ReferenceData> {
  const [regions, categories, agencies, routing] = await Promise.all([
    readDataFile(join(dataDir, "regions.yaml"), regionsFileSchema),
    readDataFile(join(dataDir, "categories.yaml"), categoriesFileSchema),
    readDataFile(join(dataDir, "agencies.yaml"), agenciesFileSchema),
    readDataFile(join(dataDir, "routing.yaml"), routingFileSchema),
  ]);
  const data = { regions: regions.regions, categories: categories.categories, agencies: agencies.agencies, routing: routing.rules };
  const problems = checkReferenceData(data);
  if (problems.length > 0) {
    throw new AppError("REFERENCE_DATA_INVALID", problems.map((p) => `${p.file}: ${p.message}`).join("\n"), { count: problems.length });
  }
  return data;
}

/** Reads every `data/calendar/<year>.yaml`; the file name must match the year inside. */
export async function loadCalendarYears(dataDir: string): Promise<CalendarYear[]> {
  const folder = join(dataDir, "calendar");
  const files = (await readdir(folder)).filter((name) => /^\d{4}\.yaml$/.test(name)).sort();
  const years = await Promise.all(files.map((name) => readDataFile(join(folder, name), calendarYearSchema)));
  years.forEach((year, index) => {
    if (`${year.year}.yaml` !== files[index]) {
      throw new AppError("CALENDAR_FILE_MISNAMED", `data/calendar/${files[index]} holds year ${year.year}; rename it to ${year.year}.yaml.`);
    }
  });
  return years;
}
