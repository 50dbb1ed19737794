import { createHmac } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { Alert } from '../../../contract/index.js'
import { AppError } from '../../../core/index.js'
import { PrometheusMetrics, silentLogger } from '../../../platform/telemetry/index.js'
import { webhookDestination } from './index.js'
import { parseRetryAfter } from './webhook-destination.js'

interface Received {
  headers: IncomingMessage['headers']
  body: string
}

const alert: Alert = {
  id: '01HXAMPLE0000000000000000A',
  type: 'RULE',
  ruleId: 'AWS.Root.Login',
  ruleVersion: 'abc',
  ruleName: 'Root login',
  dedup: 'root',
  title: 'Root logged in',
  description: 'd',
  reference: 'r',
  runbook: 'rb',
  severity: 'HIGH',
  status: 'OPEN',
  assignee: null,
  destinations: ['hook'],
  logTypes: ['AWS.CloudTrail'],
  eventCount: 1,
  firstEventTime: '2024-05-01 11:59:00.000',
  lastEventTime: '2024-05-01 11:59:00.000',
  createdAt: '2024-05-01T12:00:00.000Z',
  updatedAt: '2024-05-01T12:00:00.000Z',
  context: { ip: '198.51.100.7' },
}
const notification = {
  alert,
  link: 'https://caracal.example.com/alerts/01HXAMPLE0000000000000000A',
}
const secret = 'signing-secret-123'
const token = 'Bearer very-secret-token'

describe('WebhookDestination', () => {
  let server: Server
  let url: string
  let received: Received[]
  let respond: (res: ServerResponse) => void

  beforeEach(async () => {
    received = []
    respond = (res) => res.writeHead(204).end()
    server = createServer((req, res) => {
      const chunks: Buffer[] = []
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') })
        respond(res)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}/hook`
  })
  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  function destination(extra: Record<string, unknown> = {}) {
    const config = webhookDestination.configSchema.parse({
      url,
      secret,
      headers: { Authorization: token, 'X-Team': 'secops' },
      ...extra,
    })
    return webhookDestination.create(config, {
      id: 'hook',
      logger: silentLogger(),
      metrics: new PrometheusMetrics(),
    })
  }

  async function failure(
    extra: Record<string, unknown> = {},
    signal = new AbortController().signal,
  ) {
    const err: unknown = await destination(extra)
      .send(notification, signal)
      .then(
        () => undefined,
        (e: unknown) => e,
      )
    if (!(err instanceof AppError)) throw new Error(`expected an AppError, got ${String(err)}`)
    return err
  }

  it('POSTs the versioned payload with a verifiable signature and the configured headers', async () => {
    await destination().send(notification, new AbortController().signal)
    expect(received).toHaveLength(1)
    const [request] = received
    expect(JSON.parse(request?.body ?? '')).toEqual({
      version: 1,
      event: 'trigger',
      alert,
      link: notification.link,
    })
    const expected = createHmac('sha256', secret)
      .update(request?.body ?? '')
      .digest('hex')
    expect(request?.headers['x-caracal-signature']).toBe(`sha256=${expected}`)
    expect(request?.headers['content-type']).toBe('application/json')
    expect(request?.headers['user-agent']).toMatch(/^caracal\/\d+\.\d+\.\d+/)
    expect(request?.headers.authorization).toBe(token)
    expect(request?.headers['x-team']).toBe('secops')
  })

  it('renders a payload template with JSON-escaped values and signs it', async () => {
    const payloadTemplate = '{"text": "{{alert.title}} — {{link}}", "ip": "{{alert.context.ip}}"}'
    const titled = { ...notification, alert: { ...alert, title: 'Say "hi"\\n' } }
    await destination({ payloadTemplate }).send(titled, new AbortController().signal)
    const request = received[0]
    expect(JSON.parse(request?.body ?? '')).toEqual({
      text: `Say "hi"\\n — ${notification.link}`,
      ip: '198.51.100.7',
    })
    const expected = createHmac('sha256', secret)
      .update(request?.body ?? '')
      .digest('hex')
    expect(request?.headers['x-caracal-signature']).toBe(`sha256=${expected}`)
  })

  it('rejects a payload template that does not render JSON, sending nothing', async () => {
    const err = await failure({ payloadTemplate: '{"text": {{alert.title}}}' })
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(received).toHaveLength(0)
  })

  it('sends no signature header without a secret', async () => {
    await destination({ secret: undefined }).send(notification, new AbortController().signal)
    expect(received[0]?.headers['x-caracal-signature']).toBeUndefined()
  })

  it('reports 500 as retryable, naming the destination, status and body but no secret', async () => {
    respond = (res) => res.writeHead(500).end(`upstream broke; you sent ${token} and ${secret}`)
    const err = await failure()
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toContain('hook')
    expect(err.message).toContain('HTTP 500')
    expect(err.message).toContain('upstream broke')
    expect(err.message).not.toContain('very-secret-token')
    expect(err.message).not.toContain(secret)
    expect(err.details).toEqual({ status: 500 })
  })

  it('reports 400 as a permanent rejection', async () => {
    respond = (res) => res.writeHead(400, { 'content-type': 'text/plain' }).end('no such channel')
    const err = await failure()
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toBe('Webhook destination hook answered HTTP 400: no such channel')
  })

  it('refuses to follow redirects', async () => {
    respond = (res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end()
    expect((await failure()).code).toBe('DESTINATION_REJECTED')
  })

  it('retries 408 and 429, taking Retry-After in seconds', async () => {
    respond = (res) => res.writeHead(408).end()
    expect((await failure()).code).toBe('DESTINATION_UNAVAILABLE')
    respond = (res) => res.writeHead(429, { 'retry-after': '7' }).end('slow down')
    const err = await failure()
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.details).toEqual({ status: 429, retryAfterMs: 7000 })
  })

  it('takes Retry-After as an HTTP-date on 503', async () => {
    const later = new Date(Date.now() + 120_000).toUTCString()
    respond = (res) => res.writeHead(503, { 'retry-after': later }).end()
    const details = (await failure()).details as { retryAfterMs: number }
    expect(details.retryAfterMs).toBeGreaterThan(110_000)
    expect(details.retryAfterMs).toBeLessThanOrEqual(120_000)
  })

  it('times out a silent endpoint as retryable', async () => {
    respond = () => undefined
    const err = await failure({ timeoutMs: 100 })
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toBe('Webhook destination hook: no response (timed out)')
  })

  it('stops when its signal aborts', async () => {
    respond = () => undefined
    const controller = new AbortController()
    setTimeout(() => {
      controller.abort()
    }, 50)
    const err = await failure({}, controller.signal)
    expect(err.message).toBe('Webhook destination hook: no response (aborted)')
  })

  it('reports an unreachable endpoint as retryable', async () => {
    // A port that was just free and is closed again: nothing listens there.
    const spare = createServer()
    await new Promise<void>((resolve) => spare.listen(0, '127.0.0.1', resolve))
    const port = (spare.address() as AddressInfo).port
    await new Promise((resolve) => spare.close(resolve))
    const err = await failure({ url: `http://127.0.0.1:${String(port)}/hook` })
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toBe('Webhook destination hook: no response (ECONNREFUSED)')
  })
})

describe('webhook config', () => {
  it('accepts only http and https URLs and fills routing defaults', () => {
    expect(webhookDestination.configSchema.safeParse({ url: 'ftp://x.example' }).success).toBe(
      false,
    )
    const parsed = webhookDestination.configSchema.parse({ url: 'https://x.example/a' })
    expect(parsed.severities).toEqual(['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'])
    expect(parsed.alertTypes).toEqual(['RULE', 'RULE_ERROR', 'POLICY', 'SCHEDULED_RULE'])
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2024-05-01T12:00:00Z')
  it('reads seconds, HTTP-dates, and ignores garbage', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000)
    expect(parseRetryAfter('Wed, 01 May 2024 12:00:30 GMT', now)).toBe(30_000)
    expect(parseRetryAfter('Wed, 01 May 2024 11:00:00 GMT', now)).toBe(0)
    expect(parseRetryAfter('soon', now)).toBeUndefined()
    expect(parseRetryAfter(null, now)).toBeUndefined()
  })
})
