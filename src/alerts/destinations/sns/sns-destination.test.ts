import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { snsDestination } from './index.js'
import { snsSubject } from './sns-destination.js'

const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const topicArn = 'arn:aws:sns:eu-west-1:111122223333:caracal-alerts'
const published = `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>
  <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
</PublishResponse>`

function queryError(code: string, type: 'Sender' | 'Receiver') {
  return `<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
  <Error><Type>${type}</Type><Code>${code}</Code><Message>${code} happened</Message></Error>
  <RequestId>r-1</RequestId>
</ErrorResponse>`
}

describe('SnsDestination', () => {
  let server: VendorServer
  let endpoint: string

  beforeEach(async () => {
    server = new VendorServer()
    server.respond = (res) => res.writeHead(200, { 'content-type': 'text/xml' }).end(published)
    endpoint = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = snsDestination.configSchema.parse({
      topicArn,
      endpoint,
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey,
      ...extra,
    })
    return snsDestination.create(config, pluginContext('sns'))
  }

  function answer(status: number, xml: string) {
    server.respond = (res) => res.writeHead(status, { 'content-type': 'text/xml' }).end(xml)
  }

  it('publishes a signed Query-protocol request with the JSON payload and attributes', async () => {
    const notification = sampleNotification()
    await destination().send(notification, new AbortController().signal)
    expect(server.received).toHaveLength(1)
    const request = server.received[0]!
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/')
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded')
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/sns\/aws4_request, /,
    )
    const form = new URLSearchParams(request.body)
    expect(form.get('Action')).toBe('Publish')
    expect(form.get('Version')).toBe('2010-03-31')
    expect(form.get('TopicArn')).toBe(topicArn)
    expect(form.get('Subject')).toBe('Root logged in from <192.0.2.44> & more')
    expect(JSON.parse(form.get('Message') ?? '')).toEqual({
      version: 1,
      kind: 'trigger',
      alert: notification.alert,
      link: notification.link,
    })
    const attributes = new Map<string, string>()
    for (let i = 1; form.has(`MessageAttributes.entry.${String(i)}.Name`); i++) {
      attributes.set(
        form.get(`MessageAttributes.entry.${String(i)}.Name`) ?? '',
        form.get(`MessageAttributes.entry.${String(i)}.Value.StringValue`) ?? '',
      )
    }
    expect(Object.fromEntries(attributes)).toEqual({
      severity: 'HIGH',
      alertId: notification.alert.id,
      kind: 'trigger',
    })
    expect(form.has('MessageGroupId')).toBe(false)
  })

  it('sends text with FIFO group and dedup ids to a .fifo topic', async () => {
    const notification = sampleNotification()
    await destination({ topicArn: `${topicArn}.fifo`, format: 'text' }).send(
      notification,
      new AbortController().signal,
    )
    const form = new URLSearchParams(server.received[0]?.body)
    expect(form.get('MessageGroupId')).toBe('AWS.Root.Login')
    expect(form.get('MessageDeduplicationId')).toBe(`${notification.alert.id}-trigger`)
    const message = form.get('Message') ?? ''
    expect(message.startsWith('The *root* user signed in.')).toBe(true)
    expect(message.endsWith(`Open in Caracal: ${notification.link}`)).toBe(true)
  })

  it('makes subjects SNS accepts: ASCII, one line, at most 100 characters', () => {
    expect(snsSubject('Ünïcode\ttitle')).toBe('?n?code?title')
    expect(snsSubject('x'.repeat(150))).toHaveLength(100)
    expect(snsSubject('  ')).toBe('Caracal alert')
  })

  it('retries throttling and 5xx; rejects a missing topic', async () => {
    answer(400, queryError('Throttling', 'Sender'))
    const busy = await sendFailure(destination())
    expect(busy.code).toBe('DESTINATION_UNAVAILABLE')
    expect(busy.message).toContain('SNS destination sns: Throttling (HTTP 400)')
    answer(500, queryError('InternalError', 'Receiver'))
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    answer(404, queryError('NotFound', 'Sender'))
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.details).toEqual({ name: 'NotFoundException', status: 404 })
    expect(err.message).not.toContain(secretAccessKey)
  })

  it('reports an unreachable endpoint as retryable', async () => {
    await server.close()
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toMatch(/^SNS destination sns: /)
  })

  it('requires access key id and secret together', () => {
    const result = snsDestination.configSchema.safeParse({ topicArn, accessKeyId: 'AKID' })
    expect(result.success).toBe(false)
    expect(snsDestination.configSchema.safeParse({ topicArn: 'arn:aws:sqs:x' }).success).toBe(false)
  })
})
