import type { DetectionEngine, EventRecord } from '../src/core/index.js'

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

// Small values keep three significant digits: a 1 ms search is not "0.00 s".
function fmt(value: number): string {
  if (value >= 100) return Math.round(value).toLocaleString('en-US')
  return value >= 1 || value === 0 ? value.toFixed(2) : value.toPrecision(3)
}

/** Runs `fn` and returns seconds elapsed. */
export async function timed(fn: () => unknown): Promise<number> {
  const start = process.hrtime.bigint()
  await fn()
  return Number(process.hrtime.bigint() - start) / 1e9
}

/**
 * One pass of every batch of `events` through a detection engine, `inFlight` batches at a time
 * (so the main thread encodes one while a worker runs another); returns the matches. A rule
 * error fails the bench: it is work the baseline does not do.
 */
export function enginePasses(
  engine: DetectionEngine,
  events: readonly EventRecord[],
  batchSize: number,
  inFlight = 2,
): () => Promise<number> {
  const batches = Array.from({ length: Math.ceil(events.length / batchSize) }, (_, i) =>
    events.slice(i * batchSize, (i + 1) * batchSize),
  )
  return async () => {
    let matches = 0
    let next = 0
    const lane = async (): Promise<void> => {
      for (let i = next++; i < batches.length; i = next++) {
        const result = await engine.evaluate('AWS.CloudTrail', batches[i] ?? [])
        matches += result.matches.length
        const [error] = result.errors
        if (error !== undefined) throw new Error(`${error.ruleId}: ${error.message}`)
      }
    }
    await Promise.all(Array.from({ length: inFlight }, lane))
    return matches
  }
}
