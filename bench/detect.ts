/**
 * Throughput of the TypeScript detection engine (2 workers) against calling the same detection
 * functions directly in this process: the difference is what isolation costs (structured clone,
 * freezing, messages, watchdog). Seeded CloudTrail-like events, batches of 500.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { EventRecord } from '../src/core/index.js'
import {
  createTypeScriptEngine,
  loadDetections,
  type LoadedDetection,
} from '../src/detections/index.js'
import type { RuleDefinition } from '../src/sdk/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import type { BenchLine } from './harness.js'

const eventCount = 50_000
const batchSize = 500
/** Batches in flight at once: enough to keep both workers busy while results come back. */
const inFlight = 4

/** Synthetic rules beside the shipped one, so each event meets several detections. */
const syntheticRules = {
  'iam-change.ts': `import { defineRule } from 'caracal/sdk'
export default defineRule({
  id: 'Bench.IamChange', logTypes: ['AWS.CloudTrail'], severity: 'MEDIUM',
  rule: (e) => e.eventSource === 'iam.amazonaws.com' && e.readOnly === false,
  title: (e) => 'IAM change ' + String(e.eventName) + ' in ' + String(e.recipientAccountId),
  dedup: (e) => String(e.recipientAccountId),
})
`,
  'kms-decrypt-sdk.ts': `import { defineRule } from 'caracal/sdk'
export default defineRule({
  id: 'Bench.KmsDecryptFromSdk', logTypes: ['AWS.CloudTrail'], severity: 'LOW',
  rule: (e) => e.eventName === 'Decrypt' && String(e.userAgent).startsWith('Boto3/'),
  alertContext: (e) => ({ actor: (e.userIdentity ?? {}).arn, ip: e.sourceIPAddress }),
})
`,
}

/** Runs the benchmark (a few seconds): medians of repeated passes after a warm-up. */
export async function run(): Promise<BenchLine[]> {
  const dir = await mkdtemp(join(tmpdir(), 'caracal-bench-detect-'))
  try {
    for (const [name, text] of Object.entries(syntheticRules))
      await writeFile(join(dir, name), text)
    const contentDir = fileURLToPath(new URL('../content/detections/', import.meta.url))
    const { detections, errors } = await loadDetections([contentDir, dir])
    if (errors.length > 0)
      throw new Error(`bench detections failed to load: ${JSON.stringify(errors)}`)
    const events: EventRecord[] = cloudTrailRecords(eventCount, 42).map((record) => ({
      ...record,
      p_log_type: 'AWS.CloudTrail',
    }))
    const batches = Array.from({ length: eventCount / batchSize }, (_, i) =>
      events.slice(i * batchSize, (i + 1) * batchSize),
    )
    const engine = await measureEngine(detections, batches)
    const direct = await measureDirect(detections, events)
    // Both sides must do the same work for the ratio to mean anything.
    if (engine.matches !== direct.matches || engine.matches === 0) {
      throw new Error(
        `match counts differ: engine ${String(engine.matches)}, direct ${String(direct.matches)}`,
      )
    }
    return [
      {
        name: `detect.typescript.engine (2 workers, ${String(ruleCount(detections))} CloudTrail rules)`,
        value: Math.round(engine.rate),
        unit: 'events/s',
        baseline: {
          name: 'detect.direct in-process calls (1 thread)',
          value: Math.round(direct.rate),
          unit: 'events/s',
        },
      },
    ]
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Events per second of one way of running the rules, and the matches it found (per pass). */
interface Measured {
  rate: number
  matches: number
}

async function measureEngine(
  detections: LoadedDetection[],
  batches: EventRecord[][],
): Promise<Measured> {
  const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }
  const engine = await createTypeScriptEngine({
    detections,
    workers: 2,
    timeoutMs: 1000,
    logger: silentLogger(),
    metrics: noMetrics,
  })
  try {
    let matches = 0
    const pass = async (): Promise<number> => {
      const started = performance.now()
      matches = 0
      let next = 0
      const lane = async (): Promise<void> => {
        for (let i = next++; i < batches.length; i = next++) {
          // Await first: `matches += await …` would read `matches` before the other lanes add.
          const result = await engine.evaluate('AWS.CloudTrail', batches[i] ?? [])
          matches += result.matches.length
        }
      }
      await Promise.all(Array.from({ length: inFlight }, lane))
      return eventCount / ((performance.now() - started) / 1000)
    }
    await pass()
    const rate = median([await pass(), await pass(), await pass()])
    return { rate, matches }
  } finally {
    await engine.close()
  }
}

/** The same bundles imported here and called in a plain loop: the cost of the rules alone. */
async function measureDirect(
  detections: LoadedDetection[],
  events: EventRecord[],
): Promise<Measured> {
  const defs: RuleDefinition[] = []
  for (const d of detections) {
    const url = `data:text/javascript;base64,${Buffer.from(d.code).toString('base64')}`
    const def = ((await import(url)) as { default: RuleDefinition }).default
    // The engine only runs enabled rules of the batch's log type; so must the baseline.
    if (def.enabled !== false && def.logTypes.includes('AWS.CloudTrail')) defs.push(def)
  }
  const pass = (): number => {
    let matches = 0
    for (const event of events) {
      for (const def of defs) {
        if (!def.rule(event)) continue
        matches += 1
        def.title?.(event)
        def.dedup?.(event)
        def.alertContext?.(event)
        def.dynamicSeverity?.(event)
      }
    }
    return matches
  }
  const matches = pass()
  const rates: number[] = []
  for (let i = 0; i < 5; i++) {
    const started = performance.now()
    pass()
    rates.push(eventCount / ((performance.now() - started) / 1000))
  }
  return { rate: median(rates), matches }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}

/** Enabled rules that run on CloudTrail events, as the engine counts them. */
function ruleCount(detections: readonly LoadedDetection[]): number {
  return detections.filter((d) => d.meta.enabled && d.meta.logTypes.includes('AWS.CloudTrail'))
    .length
}
