import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { jiraDestination } from './index.js'

const apiToken = 'ATATT3xFfGF0-secret-token'
const created = {
  id: '10000',
  key: 'SEC-24',
  self: 'https://x.atlassian.net/rest/api/3/issue/10000',
}

describe('JiraDestination', () => {
  let server: VendorServer
  let baseUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(201, created)
    baseUrl = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = jiraDestination.configSchema.parse({
      baseUrl,
      email: 'bot@example.com',
      apiToken,
      projectKey: 'SEC',
      ...extra,
    })
    return jiraDestination.create(config, pluginContext('jira'))
  }

  it('creates an issue through REST v3 with basic auth and an ADF description', async () => {
    const notification = sampleNotification()
    await destination({ priorities: { HIGH: 'High' }, labels: ['aws'] }).send(
      notification,
      new AbortController().signal,
    )
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/rest/api/3/issue')
    const basic = Buffer.from(`bot@example.com:${apiToken}`).toString('base64')
    expect(request.headers.authorization).toBe(`Basic ${basic}`)
    expect(request.headers.accept).toBe('application/json')
    const { fields } = json as { fields: Record<string, unknown> }
    expect(fields).toMatchObject({
      project: { key: 'SEC' },
      issuetype: { name: 'Task' },
      summary: 'Root logged in from <192.0.2.44> & more',
      labels: ['caracal', 'severity-high', 'aws'],
      priority: { name: 'High' },
    })
    const doc = fields.description as { type: string; version: number; content: unknown[] }
    expect(doc.type).toBe('doc')
    expect(doc.version).toBe(1)
    expect(doc.content[0]).toEqual({
      type: 'paragraph',
      content: [{ type: 'text', text: 'The *root* user signed in.' }],
    })
    expect(doc.content.at(-1)).toEqual({
      type: 'paragraph',
      content: [
        {
          type: 'text',
          text: 'Open in Caracal',
          marks: [{ type: 'link', attrs: { href: notification.link } }],
        },
      ],
    })
    // Every text node of an ADF document must hold text.
    expect(request.body).not.toContain('"text":""')
  })

  it('writes escaped wiki markup through REST v2', async () => {
    const notification = sampleNotification({ title: 'x'.repeat(300) })
    await destination({ apiVersion: '2' }).send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.url).toBe('/rest/api/2/issue')
    const { fields } = json as { fields: { summary: string; description: string } }
    expect(fields.summary).toHaveLength(255)
    expect(fields.description.startsWith('The \\*root\\* user signed in.')).toBe(true)
    expect(fields.description).toContain('* *Rule:* Root login (AWS.Root.Login)')
    expect(fields.description.endsWith(`[Open in Caracal|${notification.link}]`)).toBe(true)
  })

  it('opens no second issue when the alert is resolved', async () => {
    await destination().send(
      sampleNotification({}, { kind: 'resolve' }),
      new AbortController().signal,
    )
    expect(server.received).toHaveLength(0)
  })

  it('retries 429 and 500; rejects 400 and 401 without credentials', async () => {
    server.answer(429, '', { 'retry-after': '5' })
    expect((await sendFailure(destination())).details).toEqual({ status: 429, retryAfterMs: 5000 })
    server.answer(500, 'oops')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(400, { errorMessages: [], errors: { project: 'valid project is required' } })
    const bad = await sendFailure(destination())
    expect(bad.code).toBe('DESTINATION_REJECTED')
    expect(bad.message).toContain('valid project is required')
    server.answer(401, `token ${apiToken} rejected`)
    const denied = await sendFailure(destination())
    expect(denied.code).toBe('DESTINATION_REJECTED')
    expect(denied.message).not.toContain(apiToken)
  })
})
