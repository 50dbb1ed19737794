import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { serviceNowDestination } from './index.js'

const password = 'sn-Pa55word!'

describe('ServiceNowDestination', () => {
  let server: VendorServer
  let instanceUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(201, { result: { sys_id: 'abc123', number: 'INC0010001' } })
    instanceUrl = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = serviceNowDestination.configSchema.parse({
      instanceUrl,
      username: 'caracal.integration',
      password,
      ...extra,
    })
    return serviceNowDestination.create(config, pluginContext('snow'))
  }

  it('creates an incident through the Table API with basic auth', async () => {
    const notification = sampleNotification({ severity: 'CRITICAL', title: 't'.repeat(200) })
    await destination({ assignmentGroup: 'SecOps', category: 'security' }).send(
      notification,
      new AbortController().signal,
    )
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/api/now/table/incident')
    const basic = Buffer.from(`caracal.integration:${password}`).toString('base64')
    expect(request.headers.authorization).toBe(`Basic ${basic}`)
    expect(request.headers.accept).toBe('application/json')
    expect(request.headers['content-type']).toBe('application/json')
    const incident = json as Record<string, string> & { description: string }
    expect(incident.short_description).toHaveLength(160)
    expect(incident).toMatchObject({
      impact: '1',
      urgency: '1',
      correlation_id: notification.alert.id,
      correlation_display: 'Caracal',
      assignment_group: 'SecOps',
      category: 'security',
    })
    expect(incident.description).toContain('Severity: CRITICAL')
    expect(incident.description.endsWith(`Open in Caracal: ${notification.link}`)).toBe(true)
  })

  it('maps severities to impact and urgency', async () => {
    for (const severity of ['INFO', 'LOW', 'MEDIUM', 'HIGH'] as const) {
      await destination().send(sampleNotification({ severity }), new AbortController().signal)
    }
    const pairs = server.received.map((r) => {
      const body = JSON.parse(r.body) as { impact: string; urgency: string }
      return `${body.impact}/${body.urgency}`
    })
    expect(pairs).toEqual(['3/3', '2/3', '2/2', '1/2'])
  })

  it('retries 503 and 429; rejects 401 and 403 without the password', async () => {
    server.answer(503, 'instance hibernating')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(429, '', { 'retry-after': '3' })
    expect((await sendFailure(destination())).details).toEqual({ status: 429, retryAfterMs: 3000 })
    server.answer(401, {
      error: { message: `User Not Authenticated (${password})` },
      status: 'failure',
    })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toContain('User Not Authenticated')
    expect(err.message).not.toContain(password)
  })
})
