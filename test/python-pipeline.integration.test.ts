import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { AlertPage, IngestReport } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'

const content = fileURLToPath(new URL('./fixtures/panther-content/', import.meta.url))

describe('a Panther-format Python rule in the real pipeline', () => {
  const dir = tempDir('python-e2e')
  let server: RunningServer

  beforeAll(async () => {
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'lake:',
        '  flushIntervalMs: 100',
        'detections:',
        '  builtin: false',
        '  workers: 1',
        '',
      ].join('\n') + `  dirs: [${JSON.stringify(content)}]\n`,
    )
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
  })

  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  it('fires on ingested CloudTrail events and opens an alert with its title', async () => {
    const auth = { authorization: `Bearer ${server.adminToken ?? ''}` }
    const body = [JSON.stringify(rootLogin()), JSON.stringify(cloudTrailEvent())].join('\n')
    const response = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      body,
      headers: auth,
    })
    expect(response.status).toBe(200)
    expect(IngestReport.parse(await response.json())).toMatchObject({
      parsed: 2,
      matches: 1,
      ruleErrors: 0,
      alertsOpened: 1,
    })
    const page = AlertPage.parse(
      await (await fetch(`${server.url}/v1/alerts`, { headers: auth })).json(),
    )
    expect(page.alerts).toHaveLength(1)
    expect(page.alerts[0]).toMatchObject({
      ruleId: 'Fixture.CaseInsensitive',
      severity: 'HIGH',
      title: 'Root console login by arn:aws:iam::111122223333:root',
    })
  })
})
