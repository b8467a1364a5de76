import type { ResponsivenessFigures } from "../../src/core/stats/responsiveness.js";

/** Figures of a row with nothing in it; tests spread what they expect over it. */
export const noFigures: ResponsivenessFigures = {
  appeals: 0,
  received: 0,
  receivedByForward: 0,
  forwarded: 0,
  forwardedLate: 0,
  answered: 0,
  rejected: 0,
  withdrawn: 0,
  answeredOnTime: 0,
  answeredLate: 0,
  open: 0,
  overdueNow: 0,
  medianWorkingDaysToAnswer: null,
  ratingCount: 0,
  ratingAverage: null,
};
