import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { opsgenieDestination } from './index.js'
import { opsgenieBaseUrl } from './opsgenie-destination.js'

const apiKey = 'eb243592-faa2-4ba2-a551q-1afdf565c889'
const queued = { result: 'Request will be processed', took: 0.302, requestId: 'r-1' }

describe('OpsgenieDestination', () => {
  let server: VendorServer
  let apiUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(202, queued)
    apiUrl = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = opsgenieDestination.configSchema.parse({ apiKey, apiUrl, ...extra })
    return opsgenieDestination.create(config, pluginContext('genie'))
  }

  it('creates an alert with GenieKey auth, alias, priority and limits', async () => {
    const notification = sampleNotification({ title: 'm'.repeat(300), severity: 'CRITICAL' })
    await destination({
      responders: [{ type: 'team', name: 'SecOps' }],
      tags: ['aws'],
    }).send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/v2/alerts')
    expect(request.headers.authorization).toBe(`GenieKey ${apiKey}`)
    const body = json as Record<string, unknown>
    expect((body.message as string).length).toBe(130)
    expect(body).toMatchObject({
      alias: notification.alert.id,
      description: `The *root* user signed in.\n\nOpen in Caracal: ${notification.link}`,
      responders: [{ type: 'team', name: 'SecOps' }],
      tags: ['caracal', 'critical', 'aws'],
      entity: 'AWS.Root.Login',
      source: 'Caracal',
      priority: 'P1',
      details: { link: notification.link, alertId: notification.alert.id, eventCount: '3' },
    })
  })

  it('maps severities to P5…P1', async () => {
    for (const severity of ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const) {
      await destination().send(sampleNotification({ severity }), new AbortController().signal)
    }
    const priorities = server.received.map(
      (r) => (JSON.parse(r.body) as { priority: string }).priority,
    )
    expect(priorities).toEqual(['P5', 'P4', 'P3', 'P2', 'P1'])
  })

  it('closes the alert by alias on resolve, unless told not to', async () => {
    const notification = sampleNotification({ status: 'RESOLVED' }, { kind: 'resolve' })
    await destination().send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.url).toBe(`/v2/alerts/${notification.alert.id}/close?identifierType=alias`)
    expect(json).toEqual({ source: 'Caracal', note: `Resolved in Caracal: ${notification.link}` })
    await destination({ closeOnResolve: false }).send(notification, new AbortController().signal)
    expect(server.received).toHaveLength(1)
  })

  it('uses the EU endpoint for region eu', () => {
    const eu = opsgenieDestination.configSchema.parse({ apiKey, region: 'eu' })
    expect(opsgenieBaseUrl(eu)).toBe('https://api.eu.opsgenie.com')
    const us = opsgenieDestination.configSchema.parse({ apiKey })
    expect(opsgenieBaseUrl(us)).toBe('https://api.opsgenie.com')
    expect(opsgenieDestination.configSchema.safeParse({ apiKey, region: 'apac' }).success).toBe(
      false,
    )
  })

  it('retries 429 and 503; rejects 401 without the key', async () => {
    server.answer(429, { message: 'rate limited' }, { 'retry-after': '2' })
    const busy = await sendFailure(destination())
    expect(busy.code).toBe('DESTINATION_UNAVAILABLE')
    expect(busy.details).toEqual({ status: 429, retryAfterMs: 2000 })
    server.answer(503, 'down')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(401, { message: `Key ${apiKey} is invalid`, took: 0, requestId: 'r' })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).not.toContain(apiKey)
  })
})
