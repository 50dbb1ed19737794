/**
 * Throughput of the TypeScript detection engine on one core: one worker thread holding 100
 * generated typed CloudTrail rules, against the same bundled functions called directly in this
 * thread on the same events. The difference is what isolation costs (moving the batch to the
 * worker, freezing events, the progress marker, result checks and messages). Seeded CloudTrail-like
 * events, batches of 500.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { EventRecord } from '../src/core/index.js'
import {
  createTypeScriptEngine,
  loadDetections,
  type LoadedDetection,
} from '../src/detections/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import type { RuleDefinition } from '../src/sdk/index.js'
import { cloudTrailRecords } from './generators/cloudtrail.js'
import { typeScriptRuleFiles } from './generators/typescript-rules.js'
import { enginePasses, type BenchLine } from './harness.js'

const ruleCount = 100
const eventCount = 50_000
const batchSize = 500
/** Batches in flight: the main thread prepares the next while the worker runs one. */
const inFlight = 2
/** Timed passes alternate between the engine and the direct calls, so load swings hit both. */
const rounds = 5

/** Runs the benchmark (several seconds). */
export async function run(): Promise<BenchLine[]> {
  const dir = await mkdtemp(join(tmpdir(), 'caracal-bench-detect-ts-'))
  try {
    for (const [name, text] of typeScriptRuleFiles(ruleCount))
      await writeFile(join(dir, name), text)
    const { detections, errors } = await loadDetections([dir])
    if (errors.length > 0) throw new Error(`bench rules failed to load: ${JSON.stringify(errors)}`)
    const events: EventRecord[] = cloudTrailRecords(eventCount, 11).map((record) => ({
      ...record,
      p_log_type: 'AWS.CloudTrail',
    }))
    const direct = await directCalls(detections, events)
    const engine = await startEngine(detections, events)
    try {
      // The first pass of each warms up (JIT, imports) and is not timed.
      let engineMatches = await engine.pass()
      let directMatches = direct.pass()
      const engineRates: number[] = []
      const directRates: number[] = []
      const engineCpuRates: number[] = []
      const directCpuRates: number[] = []
      for (let i = 0; i < rounds; i++) {
        let started = performance.now()
        let cpu = process.cpuUsage()
        engineMatches = await engine.pass()
        engineRates.push(eventCount / ((performance.now() - started) / 1000))
        engineCpuRates.push(eventCount / cpuSeconds(process.cpuUsage(cpu)))
        started = performance.now()
        cpu = process.cpuUsage()
        directMatches = direct.pass()
        directRates.push(eventCount / ((performance.now() - started) / 1000))
        directCpuRates.push(eventCount / cpuSeconds(process.cpuUsage(cpu)))
      }
      // Both sides must do the same work for the ratio to mean anything.
      if (engineMatches !== directMatches || directMatches === 0) {
        throw new Error(
          `match counts differ: engine ${String(engineMatches)}, direct ${String(directMatches)}`,
        )
      }
      return [
        {
          name: `detect.typescript.engine (1 worker, ${String(ruleCount)} rules, ${String(directMatches)} matches / ${String(eventCount)} events)`,
          value: Math.round(best(engineRates)),
          unit: 'events/s',
          baseline: {
            name: 'direct in-process calls (1 thread)',
            value: Math.round(best(directRates)),
            unit: 'events/s',
          },
        },
        // Per CPU-second of the whole process (main thread, worker, GC): events per core,
        // undisturbed by other processes on a shared machine.
        {
          name: 'detect.typescript.engine per CPU-second (all threads)',
          value: Math.round(best(engineCpuRates)),
          unit: 'events/s',
          baseline: {
            name: 'direct calls per CPU-second',
            value: Math.round(best(directCpuRates)),
            unit: 'events/s',
          },
        },
      ]
    } finally {
      await engine.close()
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function startEngine(detections: LoadedDetection[], events: EventRecord[]) {
  const noMetrics = { eventsIn() {}, eventsOut() {}, errors() {}, queueDepth() {}, latency() {} }
  const engine = await createTypeScriptEngine({
    detections,
    workers: 1,
    timeoutMs: 1000,
    logger: silentLogger(),
    metrics: noMetrics,
  })
  return {
    /** One pass over every batch, two in flight. */
    pass: enginePasses(engine, events, batchSize, inFlight),
    close: () => engine.close(),
  }
}

/** The same bundles imported here and called in a plain loop: the cost of the rules alone. */
async function directCalls(detections: LoadedDetection[], events: EventRecord[]) {
  const defs: RuleDefinition[] = []
  for (const d of detections) {
    const url = `data:text/javascript;base64,${Buffer.from(d.code).toString('base64')}`
    defs.push(((await import(url)) as { default: RuleDefinition }).default)
  }
  return {
    pass(): number {
      let matches = 0
      for (const event of events) {
        for (const def of defs) {
          if (!def.rule(event)) continue
          matches += 1
          def.title?.(event)
          def.dedup?.(event)
          def.alertContext?.(event)
        }
      }
      return matches
    },
  }
}

/** The fastest pass: on a shared machine the slower ones measure other processes too. */
function best(values: number[]): number {
  return Math.max(...values)
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6
}
