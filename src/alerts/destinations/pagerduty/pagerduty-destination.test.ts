import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { pagerDutyDestination } from './index.js'

const routingKey = 'R0UT1NGKEYR0UT1NGKEYR0UT1NGKEY01'
const accepted = { status: 'success', message: 'Event processed', dedup_key: 'x' }

describe('PagerDutyDestination', () => {
  let server: VendorServer
  let apiUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(202, accepted)
    apiUrl = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = pagerDutyDestination.configSchema.parse({ routingKey, apiUrl, ...extra })
    return pagerDutyDestination.create(config, pluginContext('pd'))
  }

  it('triggers an event with the documented fields and severity mapping', async () => {
    const notification = sampleNotification({ severity: 'MEDIUM' })
    await destination({ component: 'aws' }).send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/v2/enqueue')
    expect(request.headers['content-type']).toBe('application/json')
    expect(request.headers.authorization).toBeUndefined()
    expect(json).toMatchObject({
      routing_key: routingKey,
      event_action: 'trigger',
      dedup_key: notification.alert.id,
      client: 'Caracal',
      client_url: notification.link,
      links: [{ href: notification.link, text: 'Open in Caracal' }],
      payload: {
        summary: '[MEDIUM] Root logged in from <192.0.2.44> & more',
        source: 'caracal',
        severity: 'warning',
        timestamp: '2024-05-01T12:00:00.000Z',
        component: 'aws',
        class: 'AWS.Root.Login',
        custom_details: { alert_id: notification.alert.id, event_count: 3 },
      },
    })
  })

  it('maps every severity and truncates the summary to 1024 characters', async () => {
    const seen: string[] = []
    for (const severity of ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const) {
      await destination().send(
        sampleNotification({ severity, title: 't'.repeat(2000) }),
        new AbortController().signal,
      )
      const body = JSON.parse(server.received.at(-1)?.body ?? '') as {
        payload: { severity: string; summary: string }
      }
      expect(body.payload.summary).toHaveLength(1024)
      seen.push(body.payload.severity)
    }
    expect(seen).toEqual(['info', 'info', 'warning', 'error', 'critical'])
  })

  it('resolves by dedup key when the alert is resolved or closed', async () => {
    await destination().send(
      sampleNotification({}, { kind: 'resolve' }),
      new AbortController().signal,
    )
    await destination().send(sampleNotification({ status: 'CLOSED' }), new AbortController().signal)
    for (const request of server.received) {
      expect(JSON.parse(request.body)).toEqual({
        routing_key: routingKey,
        event_action: 'resolve',
        dedup_key: '01HXAMPLE0000000000000000A',
      })
    }
    expect(server.received).toHaveLength(2)
  })

  it('retries 429 and 5xx; rejects 400 without echoing the routing key', async () => {
    server.answer(429, {
      status: 'throttle event',
      message: 'Requests for this service are arriving too quickly.',
    })
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(502, 'bad gateway')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(400, {
      status: 'invalid event',
      message: 'Event object is invalid',
      errors: [routingKey],
    })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toContain('PagerDuty destination pd answered HTTP 400')
    expect(err.message).not.toContain(routingKey)
  })

  it('refuses a routing key that is not 32 characters', () => {
    expect(pagerDutyDestination.configSchema.safeParse({ routingKey: 'short' }).success).toBe(false)
    const parsed = pagerDutyDestination.configSchema.parse({ routingKey })
    expect(parsed.apiUrl).toBe('https://events.pagerduty.com')
  })
})
