import type { ReferenceData } from "./reference-data.js";
import { routeAppeal } from "./route-appeal.js";

/** A problem across the reference files, phrased for the operator who edits them. */
export type ReferenceProblem = Readonly<{ file: string; message: string }>;

/**
 * Cross-file checks the schemas cannot make: unique ids and prefixes, references that
 * exist, and a route for every category in every region, so no appeal is left without
 * an addressee.
 */
export function checkReferenceData(data: ReferenceData): ReferenceProblem[] {
  const problems: ReferenceProblem[] = [];
  const duplicates = (file: string, what: string, values: readonly string[]) => {
    const seen = new Set<string>();
    for (const value of values) {
      if (seen.has(value)) problems.push({ file, message: `${what} '${value}' appears twice; make it unique.` });
      seen.add(value);
    }
  };
  duplicates("data/regions.yaml", "region id", data.regions.map((r) => r.id));
  duplicates("data/categories.yaml", "category id", data.categories.map((c) => c.id));
  duplicates("data/agencies.yaml", "agency id", data.agencies.map((a) => a.id));
  duplicates("data/agencies.yaml", "prefix", data.agencies.map((a) => a.prefix));
  duplicates("data/routing.yaml", "rule for category × region", data.routing.map((r) => `${r.category} × ${r.region}`));

  const regions = new Set(data.regions.map((r) => r.id));
  const categories = new Set(data.categories.map((c) => c.id));
  const agencies = new Set(data.agencies.map((a) => a.id));
  for (const agency of data.agencies) {
    if (agency.region && !regions.has(agency.region)) problems.push({ file: "data/agencies.yaml", message: `agency '${agency.id}' names unknown region '${agency.region}'.` });
    if (agency.parent && !agencies.has(agency.parent)) problems.push({ file: "data/agencies.yaml", message: `agency '${agency.id}' names unknown parent '${agency.parent}'.` });
  }
  for (const rule of data.routing) {
    const where = `rule ${rule.category} × ${rule.region} → ${rule.agency}`;
    if (rule.category !== "*" && !categories.has(rule.category)) problems.push({ file: "data/routing.yaml", message: `${where}: unknown category.` });
    if (rule.region !== "*" && !regions.has(rule.region)) problems.push({ file: "data/routing.yaml", message: `${where}: unknown region.` });
    if (!agencies.has(rule.agency)) problems.push({ file: "data/routing.yaml", message: `${where}: unknown agency.` });
  }
  for (const category of data.categories) {
    for (const region of data.regions) {
      if (!routeAppeal(data.routing, category.id, region.id)) {
        problems.push({ file: "data/routing.yaml", message: `no agency for category '${category.id}' in region '${region.id}'; add a rule (a '*' rule for the region is enough).` });
      }
    }
  }
  return problems;
}
