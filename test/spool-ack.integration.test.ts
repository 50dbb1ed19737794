import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { IngestReport, QueryResultsPage, QueryStatus } from '../src/contract/index.js'
import type { LakeWriter } from '../src/core/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { cloudTrailEvent, rootLogin } from './helpers/cloudtrail-events.js'
import { tempDir } from './helpers/temp-dir.js'

/** The real lake behind a writer that holds every write until `resume()`. */
function pausedLake() {
  let resume: () => void = () => undefined
  const resumed = new Promise<void>((r) => (resume = r))
  let waiting = 0
  const wrap = (lake: LakeWriter): LakeWriter => ({
    write: async (table, rows) => {
      waiting++
      await resumed
      await lake.write(table, rows)
    },
    flush: () => lake.flush(),
    close: () => lake.close(),
  })
  return {
    wrap,
    resume: () => {
      resume()
    },
    waiting: () => waiting,
  }
}

describe('HTTP acknowledges once a batch is spooled, not once it is in the lake', () => {
  const dir = tempDir('spool-ack')
  const lake = pausedLake()
  let server: RunningServer
  const auth = () => ({ authorization: `Bearer ${server.adminToken}` })

  beforeAll(async () => {
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(file, 'lake: { flushIntervalMs: 50 }\ndetections: { workers: 1 }\n')
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })
    server = await serve(config, { demo: false, port: 0 }, silentLogger(), { lake: lake.wrap })
  })

  afterAll(async () => {
    lake.resume()
    await server.close()
    dir.remove()
  })

  it('answers with the detections while the lake holds nothing; queries wait for the rows', async () => {
    const body = [rootLogin({ eventID: 'ack-1' }), cloudTrailEvent({ eventID: 'ack-2' })]
      .map((e) => JSON.stringify(e))
      .join('\n')
    const response = await fetch(`${server.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      headers: auth(),
      body,
    })
    // Answered although no lake write has gone through: the spool made the batch durable.
    expect(IngestReport.parse(await response.json())).toMatchObject({
      received: 2,
      parsed: 2,
      matches: 1,
      alertsOpened: 1,
    })
    expect(lake.waiting()).toBeGreaterThan(0)

    // A query sent after the acknowledgement sees the batch once the lake has it.
    const submitted = await fetch(`${server.url}/v1/queries`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({
        sql: 'SELECT eventID FROM panther_logs.aws_cloudtrail ORDER BY eventID',
      }),
    })
    const { id } = QueryStatus.parse(await submitted.json())
    const status = async () =>
      QueryStatus.parse(
        await (await fetch(`${server.url}/v1/queries/${id}`, { headers: auth() })).json(),
      )
    await new Promise((r) => setTimeout(r, 200))
    expect((await status()).state).toBe('running')
    lake.resume()
    let state = await status()
    for (let i = 0; i < 200 && state.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 50))
      state = await status()
    }
    expect(state.state).toBe('succeeded')
    const rows = QueryResultsPage.parse(
      await (await fetch(`${server.url}/v1/queries/${id}/results`, { headers: auth() })).json(),
    ).rows
    expect(rows).toEqual([{ eventID: 'ack-1' }, { eventID: 'ack-2' }])
  })
})
