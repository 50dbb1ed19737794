/**
 * Helpers for the engine's tests (imported by `*.test.ts` only): recording telemetry and a
 * fixture that writes rule definitions to a temp folder, loads them and tracks engines to close.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DetectionEngine, Logger, Metrics, Stage } from '../../../core/index.js'
import { loadDetections } from '../../loader.js'
import type { LoadedDetection } from '../../types.js'
import { createTypeScriptEngine } from './engine.js'

/** Metrics that remember every call, to assert on. */
export class RecordingMetrics implements Metrics {
  readonly calls: { name: string; stage: Stage; component?: string; value: number | string }[] = []
  eventsIn(stage: Stage, component: string, count: number): void {
    this.calls.push({ name: 'eventsIn', stage, component, value: count })
  }
  eventsOut(stage: Stage, component: string, count: number): void {
    this.calls.push({ name: 'eventsOut', stage, component, value: count })
  }
  errors(stage: Stage, component: string, code: string): void {
    this.calls.push({ name: 'errors', stage, component, value: code })
  }
  queueDepth(): void {}
  latency(stage: Stage, seconds: number): void {
    this.calls.push({ name: 'latency', stage, value: seconds })
  }
}

/** A logger that keeps warn lines (and debug lines, when asked). */
export function recordingLogger(warnings: string[], debug?: string[]): Logger {
  const logger: Logger = {
    trace: () => undefined,
    debug: (obj) => debug?.push(JSON.stringify(obj)),
    info: () => undefined,
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
    child: () => logger,
  }
  return logger
}

/** Options of a test engine; everything has a default. */
export interface TestEngineOptions {
  workers?: number
  timeoutMs?: number
  metrics?: Metrics
  warnings?: string[]
  debug?: string[]
}

/** Temp detection folders and the engines built from them, cleaned up by the test hooks. */
export class EngineFixture {
  private dir: string | undefined
  private counter = 0
  private readonly engines: DetectionEngine[] = []

  /** Writes rule definitions (object-literal sources passed to `defineRule`) and loads them. */
  async load(...defs: string[]): Promise<LoadedDetection[]> {
    this.dir ??= await mkdtemp(join(tmpdir(), 'caracal-engine-'))
    const sub = join(this.dir, String(this.counter++))
    await mkdir(sub)
    for (const [i, def] of defs.entries()) {
      const text = `import { defineRule } from 'caracal/sdk'\nexport default defineRule(${def})\n`
      await writeFile(join(sub, `d${String(i)}.ts`), text)
    }
    const { detections, errors } = await loadDetections([sub])
    if (errors.length > 0)
      throw new Error(`test detections failed to load: ${JSON.stringify(errors)}`)
    return detections
  }

  /** An engine over `detections`, closed by `closeEngines()`. */
  async engine(
    detections: LoadedDetection[],
    options: TestEngineOptions = {},
  ): Promise<DetectionEngine> {
    const engine = await createTypeScriptEngine({
      detections,
      workers: options.workers ?? 1,
      timeoutMs: options.timeoutMs ?? 1000,
      logger: recordingLogger(options.warnings ?? [], options.debug),
      metrics: options.metrics ?? new RecordingMetrics(),
    })
    this.engines.push(engine)
    return engine
  }

  /** Closes every engine built so far. */
  async closeEngines(): Promise<void> {
    await Promise.all(this.engines.splice(0).map((e) => e.close()))
  }

  /** Removes the temp folder. */
  async dispose(): Promise<void> {
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true })
  }
}
