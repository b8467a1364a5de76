import { appealStatuses, type AppealStatus, type Language } from "../../core/appeal/appeal.js";

export type SimulatorFigures = Readonly<{
  byStatus: Readonly<Record<AppealStatus, number>>;
  overdue: number;
  deliveries: Readonly<{ queued: number; delivered: number; failed: number }>;
}>;

type Translate = (key: string, language: Language, params?: Readonly<Record<string, string | number>>) => string;

/** The texts the simulator page's header is written with (checked with the flows' texts). */
export const simulatorTextKeys: readonly string[] = [
  ...appealStatuses.map((status) => `admin:status.${status}`),
  "simulator:figures.none",
  "simulator:figures.overdue",
  "simulator:figures.deliveries",
];

/**
 * The header's one line: the statuses that have appeals, with the consoles' names for them,
 * then overdue and the notifications' queue, e.g. `новое 2 · в работе 1 · просрочено 0 · …`.
 */
export function figuresLine(figures: SimulatorFigures, language: Language, translate: Translate): string {
  const statuses = appealStatuses.filter((status) => figures.byStatus[status] > 0).map((status) => `${translate(`admin:status.${status}`, language)} ${figures.byStatus[status]}`);
  return [
    ...(statuses.length > 0 ? statuses : [translate("simulator:figures.none", language)]),
    translate("simulator:figures.overdue", language, { count: figures.overdue }),
    translate("simulator:figures.deliveries", language, figures.deliveries),
  ].join(" · ");
}
