import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingestDemo } from '../src/app/demo-data.js'
import { replay } from '../src/app/replay.js'
import { openRuntime, type Runtime } from '../src/app/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { tempDir } from './helpers/temp-dir.js'

// The bundled demo is what a newcomer sees first: it must show the built-in library at work.
describe('the bundled demo data', () => {
  const dir = tempDir('demo-data')
  let runtime: Runtime

  beforeAll(async () => {
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(file, 'lake:\n  flushIntervalMs: 100\ndetections:\n  workers: 1\n')
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    runtime = await openRuntime(config, silentLogger())
  })

  afterAll(async () => {
    await runtime.close()
    dir.remove()
  })

  it('opens alerts from at least 20 built-in rules, keeping the malformed lines', async () => {
    const demo = await ingestDemo(runtime)
    expect(demo.failed).toBe(2)
    expect(demo.logTypes).toBeGreaterThanOrEqual(10)
    expect(new Set(demo.alerts.map((a) => a.ruleId)).size).toBeGreaterThanOrEqual(20)
    expect(demo.alerts.map((a) => a.ruleId)).toEqual(
      expect.arrayContaining(['AWS.Root.Activity', 'Okta.AdminRoleAssigned']),
    )
  })

  it('raises the same rules again when its stored events are replayed', async () => {
    const streamed = (await runtime.alerts.list({ limit: 500 })).alerts.map((a) => a.ruleId)
    const report = await replay(runtime, {
      from: new Date('2000-01-01T00:00:00Z'),
      to: new Date('2100-01-01T00:00:00Z'),
      dryRun: true,
    })
    const replayed = report.rules.filter((r) => r.alertGroups > 0).map((r) => r.ruleId)
    expect(replayed.length).toBeGreaterThanOrEqual(20)
    expect(new Set(replayed)).toEqual(new Set(streamed))
  })
})
