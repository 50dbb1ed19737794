import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { Pack, PackChange } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { tempDir } from './helpers/temp-dir.js'

/** `/v1/packs`: the same pack service the CLI uses, behind API tokens. */
describe('packs through the API', () => {
  const dir = tempDir('packs-api')
  let server: RunningServer
  let analyst = ''
  const call = (path: string, method = 'GET', body?: unknown, token = server.adminToken ?? '') =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    const rule = (id: string, logType: string) => `import { defineRule } from 'caracal/sdk'
export default defineRule({
  id: '${id}', name: '${id}', logTypes: ['${logType}'], severity: 'LOW',
  description: 'd', runbook: 'r', rule: () => false, tests: [],
})
`
    mkdirSync(join(dir.path, 'api-pack'))
    writeFileSync(join(dir.path, 'api-pack', 'ct.ts'), rule('Api.CloudTrail', 'AWS.CloudTrail'))
    writeFileSync(join(dir.path, 'api-pack', 'box.ts'), rule('Api.Box', 'Box.Event'))
    const config = loadConfig({
      env: { CARACAL_DETECTIONS__WORKERS: '1', CARACAL_DETECTIONS__BUILTIN: 'false' },
      overrides: { data: join(dir.path, 'data') },
    })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
    const created = await call('/v1/tokens', 'POST', { name: 'ana', role: 'analyst' })
    analyst = ((await created.json()) as { token: string }).token
  }, 60_000)
  afterAll(async () => {
    await server.close()
    dir.remove()
  })

  it('installs, lists, enables with warnings, updates and removes a pack', async () => {
    const added = await call('/v1/packs', 'POST', { source: join(dir.path, 'api-pack') })
    expect(added.status).toBe(201)
    const change = PackChange.parse(await added.json())
    expect(change.pack).toMatchObject({ name: 'api-pack', enabled: false, kind: 'folder' })

    const list = await call('/v1/packs')
    const { packs } = (await list.json()) as { packs: unknown[] }
    expect(packs.map((p) => Pack.parse(p).name)).toEqual(['api-pack'])

    // The default config ingests AWS.CloudTrail only.
    const enabled = PackChange.parse(
      await (await call('/v1/packs/api-pack/enable', 'POST', {})).json(),
    )
    expect(enabled.warnings.map((w) => [w.detectionId, w.logTypes])).toEqual([
      ['Api.Box', ['Box.Event']],
    ])
    const off = await call('/v1/packs/api-pack/disable', 'POST', { detection: 'Api.Box' })
    expect(PackChange.parse(await off.json()).pack.detections).toEqual([
      {
        id: 'Api.Box',
        name: 'Api.Box',
        runtime: 'typescript',
        logTypes: ['Box.Event'],
        enabled: false,
      },
      {
        id: 'Api.CloudTrail',
        name: 'Api.CloudTrail',
        runtime: 'typescript',
        logTypes: ['AWS.CloudTrail'],
        enabled: true,
      },
    ])

    const updated = await call('/v1/packs/api-pack/update', 'POST')
    expect(PackChange.parse(await updated.json())).toMatchObject({
      changed: false,
      pack: { version: { version: 2 } },
    })
    const one = Pack.parse(await (await call('/v1/packs/api-pack')).json())
    expect(one.versions.map((v) => v.version)).toEqual([1, 2])

    expect((await call('/v1/packs/api-pack', 'DELETE')).status).toBe(204)
    const gone = await call('/v1/packs/api-pack')
    expect(gone.status).toBe(404)
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('documents the routes in the OpenAPI description', async () => {
    const doc = (await (await fetch(`${server.url}/openapi.json`)).json()) as {
      paths: Record<string, unknown>
    }
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/packs', '/v1/packs/{name}', '/v1/packs/{name}/enable']),
    )
  })

  it('lets analysts read but not change packs, and rejects bad sources', async () => {
    expect((await call('/v1/packs', 'GET', undefined, analyst)).status).toBe(200)
    const denied = await call('/v1/packs', 'POST', { source: dir.path }, analyst)
    expect(denied.status).toBe(403)
    expect((await call('/v1/packs', 'GET', undefined, 'not-a-token')).status).toBe(401)
    const bad = await call('/v1/packs', 'POST', { source: join(dir.path, 'nope') })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('PACK_INVALID')
  })
})
