import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { asanaDestination } from './index.js'

const token = '2/1200000000000000/1200000000000001:secretsecret'

describe('AsanaDestination', () => {
  let server: VendorServer
  let apiUrl: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(201, { data: { gid: '12345', resource_type: 'task' } })
    apiUrl = `${await server.start()}/api/1.0`
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = asanaDestination.configSchema.parse({
      token,
      projects: ['1200000000000002'],
      apiUrl,
      ...extra,
    })
    return asanaDestination.create(config, pluginContext('asana'))
  }

  it('creates a task with bearer auth and escaped rich-text notes', async () => {
    const notification = sampleNotification({ description: 'a <b> & "c"' })
    await destination({ assignee: 'me@example.com' }).send(
      notification,
      new AbortController().signal,
    )
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/api/1.0/tasks')
    expect(request.headers.authorization).toBe(`Bearer ${token}`)
    const { data } = json as { data: Record<string, unknown> }
    expect(data.name).toBe('Root logged in from <192.0.2.44> & more')
    expect(data.projects).toEqual(['1200000000000002'])
    expect(data.assignee).toBe('me@example.com')
    const notes = data.html_notes as string
    expect(
      notes.startsWith(
        '<body>a &lt;b&gt; &amp; &quot;c&quot;\n<ul><li><strong>Severity:</strong> HIGH</li>',
      ),
    ).toBe(true)
    expect(notes.endsWith(`<a href="${notification.link}">Open in Caracal</a></body>`)).toBe(true)
  })

  it('retries 429 with Retry-After and 503; rejects 400 and 403 without the token', async () => {
    server.answer(429, { errors: [{ message: 'Rate limited' }] }, { 'retry-after': '12' })
    expect((await sendFailure(destination())).details).toEqual({
      status: 429,
      retryAfterMs: 12_000,
    })
    server.answer(503, 'busy')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    server.answer(400, { errors: [{ message: 'projects: Not a valid project' }] })
    expect((await sendFailure(destination())).code).toBe('DESTINATION_REJECTED')
    server.answer(403, { errors: [{ message: `${token} forbidden` }] })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).not.toContain(token)
  })
})
