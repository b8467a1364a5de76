import type { Agency, Category } from "../reference/reference-data.js";

/** Read access to the reference data the use cases need. */
export interface Directory {
  agency(id: string): Promise<Agency | undefined>;
  category(id: string): Promise<Category | undefined>;
}
