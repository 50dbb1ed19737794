import { getEventListeners } from 'node:events'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { AppError } from '../../../core/index.js'
import { EngineFixture, RecordingMetrics } from './fixtures/engine-fixtures.js'

const fixture = new EngineFixture()
afterEach(() => fixture.closeEngines())
afterAll(() => fixture.dispose())

const CT = 'AWS.CloudTrail'

describe('TypeScript engine: isolation and lifecycle', () => {
  it('stops a runaway rule, records a Timeout, and evaluates everything else', async () => {
    const metrics = new RecordingMetrics()
    const warnings: string[] = []
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(`{ id: 'Meet', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => {
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

  it('rejects evaluations after close, and the ones still running', async () => {
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(
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
    // A long-lived signal shared by many batches keeps no listener once they settle.
    const shared = new AbortController().signal
    await Promise.all([1, 2, 3].map(() => engine.evaluate(CT, [{ spin: false }], shared)))
    expect(getEventListeners(shared, 'abort')).toHaveLength(0)
  })

  it('sends what detections print to the debug log, not to stdout', async () => {
    const debug: string[] = []
    const engine = await fixture.engine(
      await fixture.load(
        `{ id: 'Chatty', logTypes: ['${CT}'], severity: 'LOW', rule: () => { console.log('hello from a rule'); return false } }`,
      ),
      { debug },
    )
    await engine.evaluate(CT, [{}])
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(debug.some((line) => line.includes('hello from a rule'))).toBe(true)
  })
})
