import { writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { serve } from '../src/app/index.js'
import { AlertPage } from '../src/contract/index.js'
import { loadConfig } from '../src/platform/config/index.js'
import { silentLogger } from '../src/platform/telemetry/index.js'
import { rootLogin } from './helpers/cloudtrail-events.js'
import { HttpListener } from './helpers/http-listener.js'
import { tempDir } from './helpers/temp-dir.js'

/** A loopback port nobody listens on (yet). */
async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  await new Promise<void>((resolve) => {
    server.close(() => {
      resolve()
    })
  })
  return typeof address === 'object' && address !== null ? address.port : 0
}

describe('a destination that is down, then back after a restart', () => {
  const dir = tempDir('delivery-restart')
  afterAll(() => {
    dir.remove()
  })

  it('receives every alert exactly once', async () => {
    const port = await freePort()
    const file = join(dir.path, 'caracal.yml')
    writeFileSync(
      file,
      [
        'lake: { flushIntervalMs: 100 }',
        'detections: { workers: 1 }',
        'delivery: { pollIntervalMs: 50, maxAttempts: 100 }',
        'destinations:',
        '  hook:',
        '    type: webhook',
        `    url: http://127.0.0.1:${port}/alerts`,
        '',
      ].join('\n'),
    )
    const config = loadConfig({ file, env: {}, overrides: { data: join(dir.path, 'data') } })

    // First run: the destination is down while three alerts open (one per account).
    const first = await serve(config, { demo: false, port: 0 }, silentLogger())
    const token = first.adminToken ?? ''
    const events = ['111111111111', '222222222222', '333333333333'].map((account) =>
      JSON.stringify(
        rootLogin({
          recipientAccountId: account,
          userIdentity: { type: 'Root', accountId: account },
        }),
      ),
    )
    const ingest = await fetch(`${first.url}/v1/ingest/cloudtrail`, {
      method: 'POST',
      body: events.join('\n'),
      headers: { authorization: `Bearer ${token}` },
    })
    expect(((await ingest.json()) as { alertsOpened: number }).alertsOpened).toBe(3)
    await new Promise((resolve) => setTimeout(resolve, 300)) // a few failed attempts
    const page = AlertPage.parse(
      await (
        await fetch(`${first.url}/v1/alerts`, { headers: { authorization: `Bearer ${token}` } })
      ).json(),
    )
    const ids = page.alerts.map((a) => a.id).sort()
    const deliveries = (await (
      await fetch(`${first.url}/v1/alerts/${ids[0] ?? ''}/deliveries`, {
        headers: { authorization: `Bearer ${token}` },
      })
    ).json()) as {
      deliveries: { status: string; attempts: { outcome: string; message: string }[] }[]
    }
    expect(deliveries.deliveries[0]?.status).toBe('pending')
    expect(deliveries.deliveries[0]?.attempts[0]?.outcome).toBe('retry')
    await first.close()

    // The destination comes back, then Caracal restarts on the same data.
    const listener = new HttpListener()
    const url = await listener.start()
    const config2 = loadConfig({
      file,
      env: {},
      overrides: { data: join(dir.path, 'data') },
    })
    const second = await serve(
      { ...config2, destinations: { hook: { type: 'webhook', url: `${url}/alerts` } } },
      { demo: false, port: 0 },
      silentLogger(),
    )
    try {
      // Backoff after the failures may delay the next attempt by a few seconds.
      const received = await listener.waitFor(3, 25_000)
      await new Promise((resolve) => setTimeout(resolve, 500))
      const delivered = received.map(
        (r) => (JSON.parse(r.body) as { alert: { id: string } }).alert.id,
      )
      expect(delivered.sort()).toEqual(ids)
      expect(listener.received).toHaveLength(3)
    } finally {
      await second.close()
      await listener.close()
    }
  }, 60_000)
})
