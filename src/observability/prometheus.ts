// The Prometheus text exposition format 0.0.4, written here rather than taken from
// prom-client: Estu needs counters, gauges and one fixed-bucket histogram, which fit in
// this file, and a dependency with its own default metrics and global registry would
// be more to review than to write.

/** The content type of the text exposition format this module writes. */
export const prometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

/** Label values of one series, by label name. */
export type Labels<L extends string> = Readonly<Record<L, string>>;

/** Something that writes its lines of the exposition when scraped. */
export interface Collector {
  readonly name: string;
  /** Runs before rendering; a metric read at scrape time (queue depths) fetches its values here. */
  collect?(): Promise<void>;
  render(): string;
}

const metricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const labelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** A label value inside double quotes: backslash, double quote and line feed escaped. */
export function escapeLabelValue(value: string): string {
  return value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** HELP text: backslash and line feed escaped (quotes stay as they are). */
function escapeHelp(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");
}

/** A sample value: Go's float syntax, with the spellings Prometheus expects for infinities and NaN. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

function labelText(pairs: readonly (readonly [string, string])[]): string {
  return pairs.length === 0 ? "" : `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
}

/** Counters, gauges and histograms share naming, HELP/TYPE lines and one series per label set. */
abstract class Metric<L extends string, S> implements Collector {
  private readonly series = new Map<string, Readonly<{ values: readonly string[]; state: S }>>();

  protected constructor(
    readonly name: string,
    private readonly help: string,
    private readonly type: "counter" | "gauge" | "histogram",
    protected readonly labelNames: readonly L[],
  ) {
    if (!metricName.test(name)) throw new Error(`invalid metric name ${name}`);
    for (const label of labelNames) if (!labelName.test(label) || label.startsWith("__") || label === "le") throw new Error(`invalid label name ${label} on ${name}`);
  }

  protected abstract initial(): S;
  protected abstract lines(labels: readonly (readonly [string, string])[], state: S): string[];

  /** The series of these label values, created on first use. */
  protected state(labels: Labels<L>): S {
    return this.entry(this.labelNames.map((label) => labels[label]));
  }

  private entry(values: readonly string[]): S {
    const key = JSON.stringify(values);
    let entry = this.series.get(key);
    if (!entry) {
      entry = { values, state: this.initial() };
      this.series.set(key, entry);
    }
    return entry.state;
  }

  /** Forgets every series, for values re-read at each scrape. */
  reset(): void {
    this.series.clear();
  }

  render(): string {
    // A metric without labels has its one series from the start: a counter at 0 is a fact, not a gap.
    if (this.labelNames.length === 0) this.entry([]);
    const head = [`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`];
    const body = [...this.series.values()].flatMap(({ values, state }) =>
      this.lines(values.map((value, index) => [this.labelNames[index] ?? "", value] as const), state),
    );
    return [...head, ...body].join("\n") + "\n";
  }
}

/** A value that only goes up; `rate()` of it is what dashboards show. */
export class Counter<L extends string = never> extends Metric<L, { value: number }> {
  constructor(name: string, help: string, labelNames: readonly L[] = []) {
    super(name, help, "counter", labelNames);
  }
  protected initial(): { value: number } {
    return { value: 0 };
  }
  /** Adds `by` (1 by default) to the series of `labels`. */
  inc(labels: Labels<L>, by = 1): void {
    if (!(by >= 0)) throw new Error(`${this.name} can only go up`);
    this.state(labels).value += by;
  }
  protected lines(labels: readonly (readonly [string, string])[], state: { value: number }): string[] {
    return [`${this.name}${labelText(labels)} ${formatValue(state.value)}`];
  }
}

/** A value that goes up and down, set when known or read at scrape time through `onCollect`. */
export class Gauge<L extends string = never> extends Metric<L, { value: number }> {
  constructor(
    name: string,
    help: string,
    labelNames: readonly L[] = [],
    private readonly onCollect?: (gauge: Gauge<L>) => Promise<void> | void,
  ) {
    super(name, help, "gauge", labelNames);
  }
  protected initial(): { value: number } {
    return { value: 0 };
  }
  set(labels: Labels<L>, value: number): void {
    this.state(labels).value = value;
  }
  async collect(): Promise<void> {
    await this.onCollect?.(this);
  }
  protected lines(labels: readonly (readonly [string, string])[], state: { value: number }): string[] {
    return [`${this.name}${labelText(labels)} ${formatValue(state.value)}`];
  }
}

type Buckets = { counts: number[]; sum: number; count: number };

/** Observations counted into fixed upper bounds, with their sum and count. */
export class Histogram<L extends string = never> extends Metric<L, Buckets> {
  private readonly bounds: readonly number[];

  constructor(name: string, help: string, buckets: readonly number[], labelNames: readonly L[] = []) {
    super(name, help, "histogram", labelNames);
    this.bounds = [...buckets].sort((a, b) => a - b);
  }
  protected initial(): Buckets {
    return { counts: this.bounds.map(() => 0), sum: 0, count: 0 };
  }
  observe(labels: Labels<L>, value: number): void {
    const state = this.state(labels);
    this.bounds.forEach((bound, index) => {
      if (value <= bound) state.counts[index] = (state.counts[index] ?? 0) + 1;
    });
    state.sum += value;
    state.count += 1;
  }
  /** Starts timing; the returned function observes the seconds elapsed. */
  startTimer(labels: Labels<L>): () => number {
    const started = process.hrtime.bigint();
    return () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.observe(labels, seconds);
      return seconds;
    };
  }
  protected lines(labels: readonly (readonly [string, string])[], state: Buckets): string[] {
    const buckets = this.bounds.map((bound, index) => `${this.name}_bucket${labelText([...labels, ["le", formatValue(bound)]])} ${state.counts[index] ?? 0}`);
    return [
      ...buckets,
      `${this.name}_bucket${labelText([...labels, ["le", "+Inf"]])} ${state.count}`,
      `${this.name}_sum${labelText(labels)} ${formatValue(state.sum)}`,
      `${this.name}_count${labelText(labels)} ${state.count}`,
    ];
  }
}

/** The metrics of one process, rendered together. */
export class Registry {
  private readonly collectors = new Map<string, Collector>();

  register<C extends Collector>(collector: C): C {
    if (this.collectors.has(collector.name)) throw new Error(`metric ${collector.name} is registered twice`);
    this.collectors.set(collector.name, collector);
    return collector;
  }

  /** Lets each metric read its scrape-time values, then writes the exposition. */
  async render(): Promise<string> {
    const collectors = [...this.collectors.values()];
    await Promise.all(collectors.map((collector) => collector.collect?.()));
    return collectors.map((collector) => collector.render()).join("");
  }
}
