// The shape of one benchmark case. bench/run.ts imports every module in bench/cases/ and runs
// each exported case several times, printing one JSON line per case.
export interface BenchCase<Context = unknown> {
  /** Stable name, e.g. "allocation/plain". */
  name: string;
  /** "departement" or "national" (or another label for a scale). */
  scale: string;
  /** Which algorithm or step is timed, e.g. "deferred-acceptance". */
  algorithm: string;
  /** Counted runs (the median and min are reported); default 7. */
  runs?: number;
  /** Builds the input once; not timed. */
  setup(): Context | Promise<Context>;
  /** The timed work. Returns the number of wish entries (or edges) it processed, for a rate. */
  run(context: Context): { entries: number; extra?: Record<string, number | string> };
}
