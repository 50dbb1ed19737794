import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import {
  AppError,
  type DetectionEngine,
  type Logger,
  type Metrics,
  type Stage,
} from '../../../core/index.js'
import { createTypeScriptEngine, loadDetections, type LoadedDetection } from '../../index.js'

/** Metrics that remember every call, to assert on. */
class RecordingMetrics implements Metrics {
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

/** A logger that keeps warn lines. */
function recordingLogger(warnings: string[]): Logger {
  const logger: Logger = {
    trace: () => undefined,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
    child: () => logger,
  }
  return logger
}

let dir: string
let counter = 0
const engines: DetectionEngine[] = []
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'caracal-engine-'))
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Writes rule definitions (object literal sources) to files and loads them. */
async function load(...defs: string[]): Promise<LoadedDetection[]> {
  const sub = join(dir, String(counter++))
  await mkdir(sub)
  for (const [i, def] of defs.entries()) {
    const text = `import { defineRule } from 'caracal/sdk'\nexport default defineRule(${def})\n`
    await writeFile(join(sub, `d${String(i)}.ts`), text)
  }
  const { detections, errors } = await loadDetections([sub])
  expect(errors).toEqual([])
  return detections
}

async function engineFor(
  detections: LoadedDetection[],
  options: { workers?: number; timeoutMs?: number; metrics?: Metrics; warnings?: string[] } = {},
): Promise<DetectionEngine> {
  const engine = await createTypeScriptEngine({
    detections,
    workers: options.workers ?? 1,
    timeoutMs: options.timeoutMs ?? 1000,
    logger: recordingLogger(options.warnings ?? []),
    metrics: options.metrics ?? new RecordingMetrics(),
  })
  engines.push(engine)
  return engine
}

const CT = 'AWS.CloudTrail'

describe('TypeScript engine', () => {
  it('returns matches with Panther defaults and the original events', async () => {
    const detections = await load(
      `{ id: 'Plain', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => e.hit === true }`,
      `{ id: 'Named', name: 'Named rule', logTypes: ['${CT}'], severity: 'MEDIUM', rule: (e) => e.hit === true }`,
      `{ id: 'Full', logTypes: ['${CT}'], severity: 'HIGH', rule: (e) => e.hit === true,
         title: (e) => 'T ' + String(e.n), dedup: (e) => 'D ' + String(e.n),
         alertContext: (e) => ({ n: e.n, nested: { ok: true } }), destinations: () => ['slack'] }`,
    )
    const engine = await engineFor(detections)
    const events = [
      { n: 1, hit: true },
      { n: 2, hit: false },
    ]
    const result = await engine.evaluate(CT, events)
    expect(result.errors).toEqual([])
    expect(result.matches.map(({ event, ...m }) => ({ ...m, same: event === events[0] }))).toEqual([
      {
        ruleId: 'Plain',
        ruleVersion: detections[0]?.meta.version,
        title: 'Plain',
        dedup: 'Plain',
        severity: 'LOW',
        alertContext: {},
        destinations: undefined,
        same: true,
      },
      {
        ruleId: 'Named',
        ruleVersion: detections[1]?.meta.version,
        title: 'Named rule',
        dedup: 'Named rule',
        severity: 'MEDIUM',
        alertContext: {},
        destinations: undefined,
        same: true,
      },
      {
        ruleId: 'Full',
        ruleVersion: detections[2]?.meta.version,
        title: 'T 1',
        dedup: 'D 1',
        severity: 'HIGH',
        alertContext: { n: 1, nested: { ok: true } },
        destinations: ['slack'],
        same: true,
      },
    ])
    expect(engine.detections().map((m) => m.id)).toEqual(['Plain', 'Named', 'Full'])
  })

  it('applies dynamic severity when valid and records an error when not', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Dyn', logTypes: ['${CT}'], severity: 'LOW', rule: () => true, dynamicSeverity: (e) => e.sev }`,
      ),
    )
    const result = await engine.evaluate(CT, [
      { sev: 'critical' },
      { sev: 'DEFAULT' },
      { sev: 'SEVERE' },
      { sev: 3 },
    ])
    expect(result.matches.map((m) => m.severity)).toEqual(['CRITICAL', 'LOW', 'LOW', 'LOW'])
    expect(result.errors.map((e) => [e.functionName, e.errorType, e.event.sev])).toEqual([
      ['dynamicSeverity', 'ValueError', 'SEVERE'],
      ['dynamicSeverity', 'ValueError', 3],
    ])
  })

  it('keeps the match with defaults when title or dedup throw, and records the errors', async () => {
    const engine = await engineFor(
      await load(`{ id: 'Fragile', name: 'Fragile rule', logTypes: ['${CT}'], severity: 'LOW', rule: () => true,
        title: (e) => { if (e.boom) { class TitleBroke extends Error {} throw new TitleBroke('no title') } return 'ok' },
        dedup: (e) => e.missing.field, alertContext: () => ({ big: 10n }) }`),
    )
    const result = await engine.evaluate(CT, [{ boom: true }])
    expect(result.matches.map((m) => [m.title, m.dedup, m.alertContext])).toEqual([
      ['Fragile rule', 'Fragile rule', {}],
    ])
    expect(result.errors.map((e) => [e.ruleId, e.functionName, e.errorType])).toEqual([
      ['Fragile', 'title', 'TitleBroke'],
      ['Fragile', 'dedup', 'TypeError'],
      ['Fragile', 'alertContext', 'TypeError'],
    ])
    expect(result.errors[0]?.message).toBe('no title')
  })

  it('records rule errors and non-boolean results without a match, and counts them', async () => {
    const metrics = new RecordingMetrics()
    const engine = await engineFor(
      await load(
        `{ id: 'Throws', logTypes: ['${CT}'], severity: 'LOW', rule: () => { throw new RangeError('out of range') } }`,
        `{ id: 'Truthy', logTypes: ['${CT}'], severity: 'LOW', rule: () => 'yes' }`,
        `{ id: 'Mutates', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { e.x = 1; return true } }`,
      ),
      { metrics },
    )
    const event = { a: 1 }
    const result = await engine.evaluate(CT, [event])
    expect(result.matches).toEqual([])
    expect(result.errors.map((e) => [e.ruleId, e.functionName, e.errorType, e.message])).toEqual([
      ['Throws', 'rule', 'RangeError', 'out of range'],
      ['Truthy', 'rule', 'TypeError', 'rule() must return a boolean, got "yes"'],
      ['Mutates', 'rule', 'TypeError', expect.stringContaining('Cannot add property x') as unknown],
    ])
    expect(event).toEqual({ a: 1 })
    expect(metrics.calls.filter((c) => c.name !== 'latency')).toEqual([
      { name: 'eventsIn', stage: 'detect', component: 'typescript', value: 1 },
      { name: 'errors', stage: 'detect', component: 'Throws', value: 'DETECTION_FAILED' },
      { name: 'errors', stage: 'detect', component: 'Truthy', value: 'DETECTION_FAILED' },
      { name: 'errors', stage: 'detect', component: 'Mutates', value: 'DETECTION_FAILED' },
      { name: 'eventsOut', stage: 'detect', component: 'typescript', value: 0 },
    ])
  })

  it('runs only enabled rules of the batch log type', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Okta', logTypes: ['Okta.SystemLog'], severity: 'LOW', rule: () => true }`,
        `{ id: 'Both', logTypes: ['Okta.SystemLog', '${CT}'], severity: 'LOW', rule: () => true }`,
        `{ id: 'Off', enabled: false, logTypes: ['${CT}'], severity: 'LOW', rule: () => true }`,
      ),
    )
    expect((await engine.evaluate(CT, [{}])).matches.map((m) => m.ruleId)).toEqual(['Both'])
    expect((await engine.evaluate('Okta.SystemLog', [{}])).matches.map((m) => m.ruleId)).toEqual([
      'Okta',
      'Both',
    ])
    expect(await engine.evaluate('GCP.AuditLog', [{}])).toEqual({ matches: [], errors: [] })
    expect(engine.detections().map((m) => [m.id, m.enabled])).toEqual([
      ['Okta', true],
      ['Both', true],
      ['Off', false],
    ])
  })

  it('stops a runaway rule, records a Timeout, and evaluates everything else', async () => {
    const metrics = new RecordingMetrics()
    const warnings: string[] = []
    const engine = await engineFor(
      await load(
        `{ id: 'Before', logTypes: ['${CT}'], severity: 'LOW', rule: () => true }`,
        `{ id: 'Loops', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { while (e.n === 1) {} return true } }`,
        `{ id: 'SlowTitle', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => e.n === 2,
           title: () => { for (;;) {} } }`,
        `{ id: 'After', logTypes: ['${CT}'], severity: 'LOW', rule: () => true }`,
      ),
      { timeoutMs: 200, metrics, warnings },
    )
    const events = [0, 1, 2, 3].map((n) => ({ n }))
    const started = performance.now()
    const result = await engine.evaluate(CT, events)
    const elapsed = performance.now() - started

    // Two stuck calls of 200 ms each, plus two worker restarts.
    expect(elapsed).toBeLessThan(2000)
    expect(result.errors.map((e) => [e.ruleId, e.functionName, e.errorType, e.event.n])).toEqual([
      ['Loops', 'rule', 'Timeout', 1],
      ['SlowTitle', 'title', 'Timeout', 2],
    ])
    expect(result.errors[0]?.event).toBe(events[1])
    const matched = result.matches.map((m) => `${m.ruleId}@${String(m.event.n)}`)
    expect(matched).toEqual([
      'Before@0',
      'Loops@0',
      'After@0',
      'Before@1',
      'After@1',
      'Before@2',
      'Loops@2',
      'SlowTitle@2',
      'After@2',
      'Before@3',
      'Loops@3',
      'After@3',
    ])
    // The match whose title timed out keeps the default title.
    expect(result.matches.find((m) => m.ruleId === 'SlowTitle')?.title).toBe('SlowTitle')
    expect(
      metrics.calls.filter((c) => c.name === 'errors').map((c) => [c.component, c.value]),
    ).toEqual([
      ['Loops', 'DETECTION_TIMEOUT'],
      ['SlowTitle', 'DETECTION_TIMEOUT'],
    ])
    expect(warnings).toHaveLength(2)
    expect(warnings[0]).toContain('"rule_id":"Loops"')
    // The replaced worker serves the next batch.
    expect((await engine.evaluate(CT, [{ n: 5 }])).matches.map((m) => m.ruleId)).toEqual([
      'Before',
      'Loops',
      'After',
    ])
  })

  it('resumes after a timeout without losing or repeating results already flushed', async () => {
    // 600 matching events flush results in chunks (every 256); the loop sits after the first flush.
    const engine = await engineFor(
      await load(
        `{ id: 'Most', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { while (e.n === 400) {} return true } }`,
      ),
      { timeoutMs: 150 },
    )
    const events = Array.from({ length: 600 }, (_, n) => ({ n }))
    const result = await engine.evaluate(CT, events)
    expect(result.errors.map((e) => [e.errorType, e.event.n])).toEqual([['Timeout', 400]])
    const seen = result.matches.map((m) => m.event.n as number)
    expect(seen).toEqual(events.filter((e) => e.n !== 400).map((e) => e.n))
    expect(result.matches.every((m) => m.event === events[m.event.n as number])).toBe(true)
  })

  it('replaces a worker a detection kills, and blames that detection', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Exits', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { if (e.exit) globalThis.process.exit(7); return true } }`,
      ),
    )
    const result = await engine.evaluate(CT, [{ n: 0 }, { n: 1, exit: true }, { n: 2 }])
    expect(result.matches.map((m) => m.event.n)).toEqual([0, 2])
    expect(result.errors.map((e) => [e.functionName, e.errorType, e.event.n])).toEqual([
      ['rule', 'WorkerCrashed', 1],
    ])
    expect(result.errors[0]?.message).toContain('exited with code 7')
  })

  it('logs errors a detection throws from a timer and keeps the worker', async () => {
    const warnings: string[] = []
    const engine = await engineFor(
      await load(
        `{ id: 'Later', logTypes: ['${CT}'], severity: 'LOW', rule: () => { setTimeout(() => { throw new Error('thrown later') }, 0); return true } }`,
      ),
      { warnings },
    )
    expect((await engine.evaluate(CT, [{}])).matches).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect((await engine.evaluate(CT, [{}])).matches).toHaveLength(1)
    expect(warnings.some((w) => w.includes('thrown later'))).toBe(true)
  })

  it('runs concurrent batches on two workers at once', async () => {
    // Each rule call counts itself in shared memory and waits for the other batch's call: it only
    // sees 2 if both batches are being evaluated at the same time, on different workers.
    const engine = await engineFor(
      await load(`{ id: 'Meet', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => {
        const counter = new Int32Array(e.shared)
        Atomics.add(counter, 0, 1)
        const deadline = Date.now() + 2000
        while (Atomics.load(counter, 0) < 2 && Date.now() < deadline) {}
        return Atomics.load(counter, 0) >= 2
      } }`),
      { workers: 2, timeoutMs: 5000 },
    )
    const shared = new SharedArrayBuffer(4)
    const [a, b] = await Promise.all([
      engine.evaluate(CT, [{ shared, id: 'a' }]),
      engine.evaluate(CT, [{ shared, id: 'b' }]),
    ])
    expect(a.matches.map((m) => m.event.id)).toEqual(['a'])
    expect(b.matches.map((m) => m.event.id)).toEqual(['b'])
  })

  it('keeps results of many concurrent batches apart', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Even', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => e.n % 2 === 0, title: (e) => 'n=' + String(e.n) }`,
      ),
      { workers: 2 },
    )
    const batches = Array.from({ length: 8 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => ({ n: b * 50 + i })),
    )
    const results = await Promise.all(batches.map((events) => engine.evaluate(CT, events)))
    results.forEach((result, b) => {
      const expected = (batches[b] ?? []).filter((e) => e.n % 2 === 0)
      expect(result.matches.map((m) => m.event)).toEqual(expected)
      expect(
        result.matches.every(
          (m, i) => m.event === expected[i] && m.title === `n=${String(m.event.n)}`,
        ),
      ).toBe(true)
    })
  })

  it('rejects evaluations after close, and the ones still running', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Slow', logTypes: ['${CT}'], severity: 'LOW', rule: () => { const t = Date.now(); while (Date.now() - t < 300) {} return true } }`,
      ),
    )
    const running = engine.evaluate(CT, [{}]).catch((e: unknown) => e)
    const queued = engine.evaluate(CT, [{}]).catch((e: unknown) => e)
    await new Promise((resolve) => setTimeout(resolve, 50))
    await engine.close()
    const after = engine.evaluate(CT, [{}]).catch((e: unknown) => e)
    for (const err of await Promise.all([running, queued, after])) {
      expect(err).toBeInstanceOf(AppError)
      expect((err as AppError).code).toBe('SHUTTING_DOWN')
    }
  })

  it('stops a batch when its signal aborts and keeps serving', async () => {
    const engine = await engineFor(
      await load(
        `{ id: 'Spin', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { while (e.spin) {} return true } }`,
      ),
      { timeoutMs: 10_000 },
    )
    const controller = new AbortController()
    const pending = engine.evaluate(CT, [{ spin: true }], controller.signal)
    setTimeout(() => {
      controller.abort(new Error('caller gave up'))
    }, 100)
    await expect(pending).rejects.toThrow('caller gave up')
    expect((await engine.evaluate(CT, [{ spin: false }])).matches).toHaveLength(1)
  })
})
