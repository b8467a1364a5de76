import { performance } from "node:perf_hooks";

/** How long one run of `run` takes, in milliseconds. */
export async function timedMs(run: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await run();
  return performance.now() - start;
}

/** The median of `times` runs of `run`, in milliseconds to two decimals. */
export async function medianMs(times: number, run: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) samples.push(await timedMs(run));
  samples.sort((a, b) => a - b);
  return Math.round((samples[Math.floor(samples.length / 2)] ?? 0) * 100) / 100;
}
