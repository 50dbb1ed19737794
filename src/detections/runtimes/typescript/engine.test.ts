import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { EngineFixture, RecordingMetrics } from './fixtures/engine-fixtures.js'

const fixture = new EngineFixture()
afterEach(() => fixture.closeEngines())
afterAll(() => fixture.dispose())

const CT = 'AWS.CloudTrail'

describe('TypeScript engine: evaluation', () => {
  it('returns matches with Panther defaults and the original events', async () => {
    const detections = await fixture.load(
      `{ id: 'Plain', logTypes: ['${CT}'], severity: 'LOW', rule: (e) => e.hit === true }`,
      `{ id: 'Named', name: 'Named rule', logTypes: ['${CT}'], severity: 'MEDIUM', rule: (e) => e.hit === true }`,
      `{ id: 'Full', logTypes: ['${CT}'], severity: 'HIGH', rule: (e) => e.hit === true,
         title: (e) => 'T ' + String(e.n), dedup: (e) => 'D ' + String(e.n),
         alertContext: (e) => ({ n: e.n, nested: { ok: true } }), destinations: () => ['slack'] }`,
    )
    const engine = await fixture.engine(detections)
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
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(`{ id: 'Fragile', name: 'Fragile rule', logTypes: ['${CT}'], severity: 'LOW', rule: () => true,
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
    const engine = await fixture.engine(
      await fixture.load(
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
    const engine = await fixture.engine(
      await fixture.load(
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

  it('keeps results of many concurrent batches apart', async () => {
    const engine = await fixture.engine(
      await fixture.load(
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
})
