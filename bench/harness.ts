/** One figure of a benchmark, printed beside a baseline measured in the same run. */
export interface BenchLine {
  name: string
  value: number
  unit: string
  baseline: { name: string; value: number; unit: string }
}

/** A benchmark module: `bench/<name>.ts` exporting `run`. */
export interface Benchmark {
  run(): Promise<BenchLine[]>
}

/** `name: value unit (baseline: value unit, ratio: r)` */
export function formatLine(line: BenchLine): string {
  const ratio = line.baseline.value === 0 ? NaN : line.value / line.baseline.value
  return (
    `${line.name}: ${fmt(line.value)} ${line.unit} ` +
    `(baseline ${line.baseline.name}: ${fmt(line.baseline.value)} ${line.baseline.unit}, ratio: ${ratio.toFixed(3)})`
  )
}

function fmt(value: number): string {
  return value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(2)
}

/** Runs `fn` and returns seconds elapsed. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}
