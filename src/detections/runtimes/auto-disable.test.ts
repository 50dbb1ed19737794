import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { DetectionEngine, EventRecord } from '../../core/index.js'
import { openStore, type Store } from '../../platform/store/index.js'
import { silentLogger } from '../../platform/telemetry/index.js'
import { DetectionHealth } from '../health.js'
import { loadPantherContent } from '../panther/index.js'
import { withAutoDisable, type DisableableEngine } from './auto-disable.js'
import { createPythonEngine } from './python/engine.js'
import { EngineFixture, RecordingMetrics } from './typescript/fixtures/engine-fixtures.js'

const CT = 'AWS.CloudTrail'
const spin: EventRecord = { user: 'spin' }
const calm: EventRecord = { user: 'calm' }

let dir: string
let store: Store
const engines: DetectionEngine[] = []
const fixture = new EngineFixture()

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'caracal-autodisable-'))
  store = await openStore({ kind: 'sqlite', path: join(dir, 'caracal.db') })
})
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.close()))
})
afterAll(async () => {
  await store.close()
  await fixture.dispose()
  rmSync(dir, { recursive: true, force: true })
})

/** Panther-format content: a rule that loops on `spin` events, and a well-behaved one. */
function writePython(loopBody: string): string {
  const content = join(dir, `py-${String(Date.now())}-${String(Math.random()).slice(2)}`)
  mkdirSync(content)
  const yml = (id: string, file: string) =>
    `AnalysisType: rule\nRuleID: ${id}\nEnabled: true\nFilename: ${file}\nLogTypes: [${CT}]\nSeverity: Low\n`
  writeFileSync(join(content, 'loops.yml'), yml('Py.Loops', 'loops.py'))
  writeFileSync(join(content, 'loops.py'), loopBody)
  writeFileSync(join(content, 'fine.yml'), yml('Py.Fine', 'fine.py'))
  writeFileSync(join(content, 'fine.py'), 'def rule(event):\n    return True\n')
  return content
}
const looping =
  'def rule(event):\n    while event.get("user") == "spin":\n        pass\n    return True\n'

async function pythonEngine(content: string, metrics = new RecordingMetrics()) {
  const loaded = await loadPantherContent([content])
  expect(loaded.errors).toEqual([])
  const engine = await createPythonEngine({
    ...loaded,
    workers: 1,
    timeoutMs: 150,
    logger: silentLogger(),
    metrics,
  })
  engines.push(engine)
  return engine
}

async function guarded(engine: DisableableEngine, metrics = new RecordingMetrics()) {
  return withAutoDisable(engine, {
    after: 2,
    health: new DetectionHealth(store.db),
    logger: silentLogger(),
    metrics,
    recheckMs: 0,
  })
}

const timeouts = (result: { errors: { ruleId: string; errorType: string }[] }) =>
  result.errors.filter((e) => e.errorType === 'Timeout').map((e) => e.ruleId)
const matched = (result: { matches: { ruleId: string }[] }) =>
  [...new Set(result.matches.map((m) => m.ruleId))].sort()

describe('auto-disable', () => {
  it('disables a looping Python rule after 2 consecutive killed batches, across restarts, until re-enabled', async () => {
    const content = writePython(looping)
    const metrics = new RecordingMetrics()
    let engine = await guarded(await pythonEngine(content), metrics)
    const health = new DetectionHealth(store.db)

    expect(timeouts(await engine.evaluate(CT, [spin, calm]))).toEqual(['Py.Loops'])
    // A batch where it behaves resets the streak.
    expect(timeouts(await engine.evaluate(CT, [calm]))).toEqual([])
    expect(timeouts(await engine.evaluate(CT, [spin]))).toEqual(['Py.Loops'])
    expect(await health.list()).toEqual([])
    expect(timeouts(await engine.evaluate(CT, [spin]))).toEqual(['Py.Loops'])
    const [entry] = await health.list()
    expect(entry).toMatchObject({ id: 'Py.Loops' })
    expect(entry?.reason).toContain('stopped (Timeout) in 2 consecutive batches')
    expect(metrics.calls).toContainEqual({
      name: 'errors',
      stage: 'detect',
      component: 'Py.Loops',
      value: 'DETECTION_DISABLED',
    })
    // The rule no longer runs; the other one does.
    const after = await engine.evaluate(CT, [spin, calm])
    expect(timeouts(after)).toEqual([])
    expect(matched(after)).toEqual(['Py.Fine'])

    // A restart keeps it disabled.
    await engine.close()
    engine = await guarded(await pythonEngine(content))
    const restarted = await engine.evaluate(CT, [spin])
    expect(timeouts(restarted)).toEqual([])
    expect(matched(restarted)).toEqual(['Py.Fine'])

    // Re-enabled by the user (`caracal detections enable`): the running engine runs it again.
    expect(await health.enable('Py.Loops')).toBe(true)
    const again = await engine.evaluate(CT, [spin, calm])
    expect(timeouts(again)).toEqual(['Py.Loops'])
    expect(matched(again)).toEqual(['Py.Fine', 'Py.Loops'])
  })

  it('enables a disabled Python rule again when its content changes', async () => {
    const content = writePython(looping)
    const engine = await guarded(await pythonEngine(content))
    await engine.evaluate(CT, [spin])
    await engine.evaluate(CT, [spin])
    expect((await new DetectionHealth(store.db).list()).map((d) => d.id)).toContain('Py.Loops')
    await engine.close()
    // The same rule, edited: a new version.
    writeFileSync(join(content, 'loops.py'), `${looping}\n# fixed, or so they say\n`)
    const edited = await guarded(await pythonEngine(content))
    expect(timeouts(await edited.evaluate(CT, [spin]))).toEqual(['Py.Loops'])
    expect((await new DetectionHealth(store.db).list()).map((d) => d.id)).not.toContain('Py.Loops')
  })

  it('disables a looping TypeScript rule the same way', async () => {
    const detections = await fixture.load(
      `{ id: 'Ts.Loops', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => { while (e.user === 'spin') {} return true } }`,
      `{ id: 'Ts.Fine', logTypes: ['${CT}'], severity: 'LOW', rule: () => true }`,
    )
    const engine = await guarded(
      (await fixture.engine(detections, { timeoutMs: 150 })) as DisableableEngine,
    )
    expect(timeouts(await engine.evaluate(CT, [spin]))).toEqual(['Ts.Loops'])
    expect(timeouts(await engine.evaluate(CT, [spin, calm]))).toEqual(['Ts.Loops'])
    const disabled = await new DetectionHealth(store.db).list()
    expect(disabled.find((d) => d.id === 'Ts.Loops')?.reason).toContain('Timeout')
    const after = await engine.evaluate(CT, [spin, calm])
    expect(timeouts(after)).toEqual([])
    expect(matched(after)).toEqual(['Ts.Fine'])
    await fixture.closeEngines()
  })
})
