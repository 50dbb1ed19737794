import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import {
  IngestReport,
  LogTypeList,
  LogTypeSchemaVersion,
  PutLogTypeResult,
  QueryResultsPage,
  QueryStatus,
} from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { captureLogger } from './helpers/capture-logger.js'
import { runCli } from './helpers/cli.js'
import { tempDir } from './helpers/temp-dir.js'

/** The `caracal` CLI from sources, as a child process. */

/** A door schema whose fields after `ts` are given as YAML list items. */
const doorSchema = (fields: string) => `schema: Custom.Door
fields:
  - name: ts
    type: timestamp
    timeFormat: unix
    isEventTime: true
${fields}`

const v1Fields = `  - name: door
    type: string
  - name: badge
    type: object
    fields:
      - name: holder
        type: string
`

const apiSchema = (extra = '') => `schema: Custom.Api
fields:
  - name: action
    type: string
    required: true
${extra}`

describe('custom schemas evolve under the accepted-version rule', () => {
  const dir = tempDir('schema-evolution')
  const schemas = join(dir.path, 'schemas')
  const configFile = join(dir.path, 'caracal.yml')
  let server: RunningServer | undefined
  // Printed on the first start only: later starts find it in the store.
  let adminToken = ''

  const start = async (logger = silentLogger()) => {
    const config = loadConfig({ file: configFile, env: {} })
    server = await serve(config, { demo: false, port: 0 }, logger)
    adminToken ||= server.adminToken ?? ''
    return server
  }
  const restart = async (schemaText: string, logger = silentLogger()) => {
    await server?.close()
    writeFileSync(join(schemas, 'door.yml'), schemaText)
    return start(logger)
  }
  const call = async (path: string, init: RequestInit = {}, token?: string) => {
    const s = server as RunningServer
    const headers = new Headers(init.headers)
    headers.set('authorization', `Bearer ${token ?? adminToken}`)
    return fetch(`${s.url}${path}`, { ...init, headers })
  }
  const ingest = async (source: string, lines: object[]) =>
    IngestReport.parse(
      await (
        await call(`/v1/ingest/${source}`, {
          method: 'POST',
          body: lines.map((l) => JSON.stringify(l)).join('\n'),
        })
      ).json(),
    )
  const query = async (sql: string) => {
    const submitted = await call('/v1/queries', {
      method: 'POST',
      body: JSON.stringify({ sql }),
      headers: { 'content-type': 'application/json' },
    })
    const { id } = QueryStatus.parse(await submitted.json())
    let status = QueryStatus.parse(await (await call(`/v1/queries/${id}`)).json())
    while (status.state === 'running') {
      await new Promise((resolve) => setTimeout(resolve, 50))
      status = QueryStatus.parse(await (await call(`/v1/queries/${id}`)).json())
    }
    expect(status.state).toBe('succeeded')
    return QueryResultsPage.parse(await (await call(`/v1/queries/${id}/results`)).json()).rows
  }
  const versions = async (name: string) =>
    (
      (await (await call(`/v1/log-types/${name}/versions`)).json()) as {
        versions: LogTypeSchemaVersion[]
      }
    ).versions.map((v) => v.version)
  const listed = async () => LogTypeList.parse(await (await call('/v1/log-types')).json())

  beforeAll(async () => {
    mkdirSync(schemas)
    writeFileSync(
      configFile,
      `data: ${join(dir.path, 'data')}\nlogTypes:\n  dirs: [${schemas}]\nlake:\n  flushIntervalMs: 100\n` +
        'detections:\n  workers: 1\n  builtin: false\n' +
        'sources:\n  doors:\n    type: http\n    logType: Custom.Door\n' +
        '  api:\n    type: http\n    logType: Custom.Api\n' +
        '  mixed:\n    type: http\n    logType: Custom.Api\n    candidates: [Custom.Door]\n',
    )
    await restart(doorSchema(v1Fields))
  }, 60_000)

  afterAll(async () => {
    await server?.close()
    dir.remove()
  })

  it('accepts a folder schema that gains a field as version 2; old and new events query', async () => {
    expect(await versions('Custom.Door')).toEqual([1])
    expect(await ingest('doors', [{ ts: 1767225600, door: 'lobby' }])).toMatchObject({ parsed: 1 })

    await restart(doorSchema(`${v1Fields}  - name: floor\n    type: int\n`))
    expect(await versions('Custom.Door')).toEqual([1, 2])
    const door = (await listed()).logTypes.find((t) => t.name === 'Custom.Door')
    expect(door).toMatchObject({ custom: true, version: 2, fields: 4 })
    expect(await ingest('doors', [{ ts: 1767225660, door: 'garage', floor: 2 }])).toMatchObject({
      parsed: 1,
    })
    expect(await query('SELECT door, floor FROM panther_logs.custom_door ORDER BY door')).toEqual([
      { door: 'garage', floor: 2 },
      { door: 'lobby', floor: null },
    ])
  }, 60_000)

  it('refuses a folder schema that removes or retypes fields; the accepted version keeps parsing', async () => {
    const capture = captureLogger()
    // `door` removed, `badge.holder` retyped to int; `floor` kept.
    const broken = doorSchema(`  - name: badge
    type: object
    fields:
      - name: holder
        type: int
  - name: floor
    type: int
`)
    await restart(broken, capture.logger)
    expect(await versions('Custom.Door')).toEqual([1, 2])
    const { logTypes, errors } = await listed()
    expect(logTypes.find((t) => t.name === 'Custom.Door')).toMatchObject({ version: 2 })
    const doorErrors = errors.filter((e) => e.file === join(schemas, 'door.yml'))
    expect(doorErrors.map((e) => e.path)).toEqual(['door', 'badge.holder'])
    expect(doorErrors[0]?.message).toMatch(/field door was removed.*Custom\.Door keeps version 2/)
    expect(capture.lines()).toContainEqual(
      expect.objectContaining({
        level: 50,
        log_type: 'Custom.Door',
        kept_version: 2,
        fields: ['door (removed)', 'badge.holder (retyped)'],
      }),
    )
    // `caracal logtypes` lists the refusal with the load errors, as the server applies it.
    const cli = await runCli(['-c', configFile, 'logtypes'])
    expect(cli).toMatchObject({ code: 1 })
    // Each with the line to look at: the `fields:` it left, the `type:` that changed.
    expect(cli.stderr).toContain(`${join(schemas, 'door.yml')}:2:1: door: field door was removed`)
    expect(cli.stderr).toContain(
      `${join(schemas, 'door.yml')}:11:9: badge.holder: field badge.holder changed type from string to int`,
    )
    // Version 2 still reads `door` and a string holder.
    expect(
      await ingest('doors', [{ ts: 1767225720, door: 'roof', badge: { holder: 'ana' }, floor: 9 }]),
    ).toMatchObject({ parsed: 1, failed: 0 })
    expect(
      await query(
        "SELECT badge.holder AS holder FROM panther_logs.custom_door WHERE door = 'roof'",
      ),
    ).toEqual([{ holder: 'ana' }])
  }, 60_000)

  it('puts schemas through the API: accepts additions live, refuses removals and bad YAML', async () => {
    const put = (body: string, contentType = 'text/yaml', token?: string) =>
      call(
        '/v1/log-types/Custom.Api',
        { method: 'PUT', body, headers: { 'content-type': contentType } },
        token,
      )
    const first = await put(apiSchema())
    expect(first.status).toBe(201)
    expect(PutLogTypeResult.parse(await first.json())).toEqual({
      name: 'Custom.Api',
      version: 1,
      created: true,
    })
    expect((await put(apiSchema())).status).toBe(200) // the same text is no new version
    expect(await ingest('api', [{ action: 'login' }])).toMatchObject({ parsed: 1 })
    // A source with candidates classifies with version 1 now, and must not keep it after a put.
    expect(await ingest('mixed', [{ action: 'warm' }])).toMatchObject({ parsed: 1 })

    const grown = await put(
      JSON.stringify({ schema: apiSchema('  - name: user\n    type: string\n') }),
      'application/json',
    )
    expect(PutLogTypeResult.parse(await grown.json())).toMatchObject({ version: 2, created: true })
    // Live without a restart: the new field is parsed, not kept in p_extra_fields.
    expect(await ingest('api', [{ action: 'logout', user: 'ana' }])).toMatchObject({ parsed: 1 })
    expect(await ingest('mixed', [{ action: 'mixed', user: 'cy' }])).toMatchObject({ parsed: 1 })
    expect(
      await query(
        'SELECT action, user FROM panther_logs.custom_api WHERE user IS NOT NULL ORDER BY action',
      ),
    ).toEqual([
      { action: 'logout', user: 'ana' },
      { action: 'mixed', user: 'cy' },
    ])

    const removed = await put(apiSchema().replace('action', 'verb'))
    expect(removed.status).toBe(409)
    const refusal = (await removed.json()) as {
      error: { code: string; details: { acceptedVersion: number; fields: object[] } }
    }
    expect(refusal.error.code).toBe('SCHEMA_INCOMPATIBLE')
    expect(refusal.error.details.acceptedVersion).toBe(2)
    expect(refusal.error.details.fields).toEqual([
      expect.objectContaining({ path: 'action', kind: 'removed', line: 2 }),
      expect.objectContaining({ path: 'user', kind: 'removed', line: 2 }),
    ])

    const invalid = await put(`${apiSchema()}  - name: when\n    type: timestamp\n`)
    expect(invalid.status).toBe(400)
    const problem = (await invalid.json()) as {
      error: { code: string; details: { line: number; path: string; message: string }[] }
    }
    expect(problem.error.code).toBe('SCHEMA_INVALID')
    expect(problem.error.details).toEqual([
      expect.objectContaining({ line: 6, path: 'fields[1].timeFormat' }),
    ])
    expect(await versions('Custom.Api')).toEqual([1, 2])

    // A folder schema is changed in its file, not through the API.
    const folder = await call('/v1/log-types/Custom.Door', {
      method: 'PUT',
      body: doorSchema(v1Fields),
      headers: { 'content-type': 'text/yaml' },
    })
    expect(folder.status).toBe(409)
  }, 60_000)

  it('requires a token to list and an admin token to put', async () => {
    const s = server as RunningServer
    const anonymous = await fetch(`${s.url}/v1/log-types/Custom.Api`, {
      method: 'PUT',
      body: apiSchema(),
      headers: { 'content-type': 'text/yaml' },
    })
    expect(anonymous.status).toBe(401)
    const created = await call('/v1/tokens', {
      method: 'POST',
      body: JSON.stringify({ name: 'ana', role: 'analyst' }),
      headers: { 'content-type': 'application/json' },
    })
    const { token } = (await created.json()) as { token: string }
    expect((await call('/v1/log-types', {}, token)).status).toBe(200)
    const forbidden = await call(
      '/v1/log-types/Custom.Api',
      { method: 'PUT', body: apiSchema(), headers: { 'content-type': 'text/yaml' } },
      token,
    )
    expect(forbidden.status).toBe(403)
    const openapi = (await (await fetch(`${s.url}/openapi.json`)).json()) as {
      paths: Record<string, object>
    }
    expect(Object.keys(openapi.paths['/v1/log-types/{name}'] ?? {})).toEqual(['put'])
  }, 60_000)

  it('keeps API versions across a restart', async () => {
    await restart(doorSchema(`${v1Fields}  - name: floor\n    type: int\n`))
    expect((await listed()).logTypes.find((t) => t.name === 'Custom.Api')).toMatchObject({
      version: 2,
      file: null,
    })
    expect(await ingest('api', [{ action: 'again', user: 'bo' }])).toMatchObject({ parsed: 1 })
  }, 60_000)
})
