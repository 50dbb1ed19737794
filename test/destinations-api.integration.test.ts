import { createHmac } from 'node:crypto'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import type { RunningServer } from '../src/cli/index.js'
import { DestinationView } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { rootLogin } from './helpers/cloudtrail-events.js'
import { HttpListener } from './helpers/http-listener.js'
import { tempDir } from './helpers/temp-dir.js'

describe('destinations managed through the API', () => {
  const dir = tempDir('destinations-api')
  const listener = new HttpListener()
  const secret = 'whsec-0123456789-abcdef'
  let server: RunningServer
  let url: string
  const call = (path: string, method = 'GET', body?: unknown) =>
    fetch(`${server.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${server.adminToken ?? ''}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })

  beforeAll(async () => {
    url = await listener.start()
    const key = Buffer.alloc(32, 3).toString('base64')
    const config = loadConfig({
      env: {
        CARACAL_DELIVERY__POLL_INTERVAL_MS: '50',
        CARACAL_LAKE__FLUSH_INTERVAL_MS: '100',
        CARACAL_DETECTIONS__WORKERS: '1',
        CARACAL_SECRETS__KEY: key,
      },
      overrides: { data: join(dir.path, 'data') },
    })
    server = await serve(config, { demo: false, port: 0 }, silentLogger())
  })

  afterAll(async () => {
    await server.close()
    await listener.close()
    dir.remove()
  })

  it('stores secrets sealed, masks them, and delivers with them', async () => {
    const created = await call('/v1/destinations', 'POST', {
      id: 'soc',
      type: 'webhook',
      url: `${url}/hook`,
      secret,
      headers: { 'X-Api-Key': 'header-secret-42' },
    })
    expect(created.status).toBe(201)
    const view = DestinationView.parse(await created.json())
    expect(view.config).toMatchObject({ secret: '********', headers: { 'X-Api-Key': '********' } })
    expect(JSON.stringify(await (await call('/v1/destinations')).json())).not.toContain(secret)

    const db = new Database(join(dir.path, 'data', 'caracal.db'), { readonly: true })
    const row = db.prepare('SELECT config FROM destinations WHERE id = ?').get('soc') as {
      config: string
    }
    db.close()
    expect(row.config).not.toContain(secret)
    expect(row.config).not.toContain('header-secret-42')
    expect(row.config).toContain('enc:v1:')

    await call('/v1/ingest/cloudtrail', 'POST', [rootLogin()])
    const [request] = await listener.waitFor(1)
    const signature = createHmac('sha256', secret)
      .update(request?.body ?? '')
      .digest('hex')
    expect(request?.headers['x-caracal-signature']).toBe(`sha256=${signature}`)
    expect(request?.headers['x-api-key']).toBe('header-secret-42')

    // A masked secret sent back keeps the stored one; a new URL takes effect at once.
    const updated = await call('/v1/destinations/soc', 'PUT', {
      type: 'webhook',
      url: `${url}/hook2`,
      secret: '********',
      headers: { 'X-Api-Key': '********' },
    })
    expect(updated.status).toBe(200)
    const test = await call('/v1/destinations/soc/test', 'POST')
    expect(await test.json()).toEqual({ delivered: true, error: null })
    const last = listener.received.at(-1)
    expect(last?.url).toBe('/hook2')
    expect(last?.headers['x-caracal-signature']).toBe(
      `sha256=${createHmac('sha256', secret)
        .update(last?.body ?? '')
        .digest('hex')}`,
    )
  })

  it('explains bad input and protects config destinations', async () => {
    const bad = await call('/v1/destinations', 'POST', {
      id: 'x',
      type: 'slack',
      webhookUrl: 'nope',
    })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'destinations.x.webhookUrl',
    )
    expect(
      (await call('/v1/destinations', 'POST', { id: 'soc', type: 'webhook', url })).status,
    ).toBe(409)
    expect((await call('/v1/destinations/soc', 'DELETE')).status).toBe(204)
    expect((await call('/v1/destinations/soc')).status).toBe(404)
  })
})
