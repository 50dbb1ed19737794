import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { teamsDestination } from './index.js'

const sig = 'S1gnatureS3cretValue'
const path = `/workflows/abc/triggers/manual/paths/invoke?api-version=1&sp=%2Ftriggers&sv=1.0&sig=${sig}`

interface Card {
  type: string
  version: string
  body: { type: string; text?: string; facts?: { title: string; value: string }[] }[]
  actions: unknown[]
}

describe('TeamsDestination', () => {
  let server: VendorServer
  let base: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(202, '')
    base = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = teamsDestination.configSchema.parse({ webhookUrl: base + path, ...extra })
    return teamsDestination.create(config, pluginContext('teams'))
  }

  it('POSTs a message with one Adaptive Card: title, body, facts and an OpenUrl action', async () => {
    const notification = sampleNotification()
    await destination().send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe(path)
    expect(request.headers['content-type']).toBe('application/json')
    const message = json as {
      type: string
      attachments: { contentType: string; contentUrl: null; content: Card }[]
    }
    expect(message.type).toBe('message')
    expect(message.attachments).toHaveLength(1)
    const attachment = message.attachments[0]!
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive')
    expect(attachment.contentUrl).toBeNull()
    const card = attachment.content
    expect(card.type).toBe('AdaptiveCard')
    expect(card.version).toBe('1.4')
    expect(card.body[0]).toMatchObject({
      type: 'TextBlock',
      text: 'Root logged in from \\<192\\.0\\.2\\.44\\> & more',
      weight: 'Bolder',
      color: 'Attention',
    })
    expect(card.body[1]?.text).toBe('The \\*root\\* user signed in\\.')
    expect(card.body[2]?.facts?.[0]).toEqual({ title: 'Severity', value: 'HIGH' })
    expect(card.actions).toEqual([
      { type: 'Action.OpenUrl', title: 'Open in Caracal', url: notification.link },
    ])
  })

  it('retries 429 and 502; rejects 400; never shows the signature', async () => {
    server.answer(429, '', { 'retry-after': '1' })
    expect((await sendFailure(destination())).details).toEqual({ status: 429, retryAfterMs: 1000 })
    server.answer(502, `gateway for ${sig}`)
    const down = await sendFailure(destination())
    expect(down.code).toBe('DESTINATION_UNAVAILABLE')
    expect(down.message).not.toContain(sig)
    server.answer(400, { error: { code: 'InvalidRequestContent' } })
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toContain('InvalidRequestContent')
  })
})
