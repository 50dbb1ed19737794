import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { slackDestination } from './index.js'

const hookPath = '/services/T000/B000/XXXXsecretXXXX'

describe('SlackDestination', () => {
  let server: VendorServer
  let base: string

  beforeEach(async () => {
    server = new VendorServer()
    server.answer(200, 'ok')
    base = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = slackDestination.configSchema.parse({ webhookUrl: base + hookPath, ...extra })
    return slackDestination.create(config, pluginContext('chat'))
  }

  it('POSTs Block Kit with escaped mrkdwn, the facts and a button to the alert', async () => {
    const notification = sampleNotification()
    await destination().send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe(hookPath)
    expect(request.headers['content-type']).toBe('application/json')
    const message = json as { text: string; blocks: Record<string, unknown>[] }
    expect(message.text).toBe(
      `[HIGH] Root logged in from &lt;192.0.2.44&gt; &amp; more <${notification.link}|Open>`,
    )
    expect(message.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'Root logged in from <192.0.2.44> & more' },
    })
    expect(message.blocks[1]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: 'The *root* user signed in.' },
    })
    const fields = (message.blocks[2] as { fields: { type: string; text: string }[] }).fields
    expect(fields.length).toBeLessThanOrEqual(10)
    expect(fields[0]).toEqual({ type: 'mrkdwn', text: '*Severity*\nHIGH' })
    expect(message.blocks.at(-1)).toEqual({
      type: 'actions',
      elements: [
        {
          type: 'button',
          text: { type: 'plain_text', text: 'Open in Caracal' },
          url: notification.link,
          style: 'danger',
        },
      ],
    })
  })

  it('renders templates, escaping values but not the template, and truncates the header', async () => {
    const notification = sampleNotification({ title: 'x'.repeat(400) })
    await destination({
      titleTemplate: '{{alert.severity}}: {{alert.title}}',
      bodyTemplate: '*IP* {{alert.context.ip}} <{{link}}|{{alert.ruleName}} & co>',
    }).send(notification, new AbortController().signal)
    const blocks = (server.onlyJson().json as { blocks: { text?: { text: string } }[] }).blocks
    expect(blocks[0]?.text?.text).toHaveLength(150)
    expect(blocks[0]?.text?.text.endsWith('…')).toBe(true)
    expect(blocks[1]?.text?.text).toBe(`*IP* 192.0.2.44 <${notification.link}|Root login & co>`)
  })

  it('rejects unknown placeholders in the config', () => {
    const result = slackDestination.configSchema.safeParse({
      webhookUrl: base + hookPath,
      titleTemplate: '{{alert.titel}}',
    })
    expect(result.success).toBe(false)
    expect(result.error?.issues[0]?.message).toBe('unknown placeholder {{alert.titel}}')
  })

  it('retries 500 and 429 (with Retry-After) without revealing the webhook URL', async () => {
    server.answer(500, `broken: ${hookPath}`)
    let err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toBe('Slack destination chat answered HTTP 500: broken: [redacted]')
    server.answer(429, 'rate_limited', { 'retry-after': '30' })
    err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.details).toEqual({ status: 429, retryAfterMs: 30_000 })
  })

  it('reports invalid_payload and archived channels as permanent', async () => {
    server.answer(400, 'invalid_payload')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_REJECTED')
    server.answer(410, 'channel_is_archived')
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toBe('Slack destination chat answered HTTP 410: channel_is_archived')
  })

  it('reports an unreachable endpoint as retryable without the URL', async () => {
    await server.close()
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toBe('Slack destination chat: no response (ECONNREFUSED)')
    expect(JSON.stringify(err.cause)).not.toContain('secret')
  })
})
