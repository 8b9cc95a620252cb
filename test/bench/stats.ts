/** Median, min and max of a series of runs, the figures every benchmark table shows. */
export interface Summary {
  readonly runs: number;
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Every run's value, in the order taken, so the doc can be checked against the raw JSON. */
  readonly values: readonly number[];
}

/** Summarizes `values` (at least one); the median of an even count is the mean of the middle two. */
export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new Error('summarize: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs: values.length, median, min: sorted[0], max: sorted[sorted.length - 1], values: [...values] };
}
