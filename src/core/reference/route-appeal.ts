import type { RoutingRule } from "./reference-data.js";

/**
 * The agency an appeal of `categoryId` from `regionId` is addressed to. The most
 * specific rule wins: category and region, then category anywhere, then the region
 * for any category, then a catch-all.
 */
export function routeAppeal(rules: readonly RoutingRule[], categoryId: string, regionId: string): string | undefined {
  const matches = (rule: RoutingRule, category: string, region: string) => rule.category === category && rule.region === region;
  const order: ReadonlyArray<readonly [string, string]> = [
    [categoryId, regionId],
    [categoryId, "*"],
    ["*", regionId],
    ["*", "*"],
  ];
  for (const [category, region] of order) {
    const rule = rules.find((candidate) => matches(candidate, category, region));
    if (rule) return rule.agency;
  }
  return undefined;
}
