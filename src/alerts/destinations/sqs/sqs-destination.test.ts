import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  pluginContext,
  sampleNotification,
  sendFailure,
} from '../../../../test/helpers/sample-alert.js'
import { VendorServer } from '../../../../test/helpers/vendor-server.js'
import { sqsDestination } from './index.js'
import { sqsSafeText } from './sqs-destination.js'

const secretAccessKey = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'
const queueUrl = 'https://sqs.eu-central-1.amazonaws.com/111122223333/caracal-alerts'

interface SendMessage {
  QueueUrl: string
  MessageBody: string
  MessageAttributes: Record<string, { DataType: string; StringValue: string }>
  MessageGroupId?: string
  MessageDeduplicationId?: string
  DelaySeconds?: number
}

describe('SqsDestination', () => {
  let server: VendorServer
  let endpoint: string

  beforeEach(async () => {
    server = new VendorServer()
    // A real queue answers with the MD5 of the body, which the SDK checks.
    server.respond = (res, request) => {
      const body = JSON.parse(request.body) as SendMessage
      const md5 = createHash('md5').update(body.MessageBody, 'utf8').digest('hex')
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.0' })
        .end(JSON.stringify({ MessageId: 'm-1', MD5OfMessageBody: md5 }))
    }
    endpoint = await server.start()
  })
  afterEach(() => server.close())

  function destination(extra: Record<string, unknown> = {}) {
    const config = sqsDestination.configSchema.parse({
      queueUrl,
      endpoint,
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey,
      ...extra,
    })
    return sqsDestination.create(config, pluginContext('queue'))
  }

  function answerError(status: number, type: string) {
    server.respond = (res) =>
      res
        .writeHead(status, {
          'content-type': 'application/x-amz-json-1.0',
          'x-amzn-query-error': `${type};Sender`,
        })
        .end(JSON.stringify({ __type: `com.amazonaws.sqs#${type}`, message: `${type} happened` }))
  }

  it('sends a signed JSON-protocol SendMessage with the payload and attributes', async () => {
    const notification = sampleNotification()
    await destination({ delaySeconds: 5 }).send(notification, new AbortController().signal)
    const { request, json } = server.onlyJson()
    expect(request.method).toBe('POST')
    expect(request.url).toBe('/')
    expect(request.headers['x-amz-target']).toBe('AmazonSQS.SendMessage')
    expect(request.headers['content-type']).toBe('application/x-amz-json-1.0')
    expect(request.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-central-1\/sqs\/aws4_request, /,
    )
    const input = json as SendMessage
    expect(input.QueueUrl).toBe(queueUrl)
    expect(input.DelaySeconds).toBe(5)
    expect(JSON.parse(input.MessageBody)).toEqual({
      version: 1,
      kind: 'trigger',
      alert: notification.alert,
      link: notification.link,
    })
    expect(input.MessageAttributes.severity).toEqual({ DataType: 'String', StringValue: 'HIGH' })
    expect(input.MessageGroupId).toBeUndefined()
  })

  it('gives FIFO queues a group and dedup id, and drops the large context when too big', async () => {
    const notification = sampleNotification({ context: { blob: 'x'.repeat(300_000) } })
    await destination({ queueUrl: `${queueUrl}.fifo` }).send(
      notification,
      new AbortController().signal,
    )
    const input = server.onlyJson().json as SendMessage
    expect(input.MessageGroupId).toBe('AWS.Root.Login')
    expect(input.MessageDeduplicationId).toBe(`${notification.alert.id}-trigger`)
    expect(Buffer.byteLength(input.MessageBody)).toBeLessThan(256 * 1024)
    expect(JSON.parse(input.MessageBody)).toMatchObject({ truncated: true, alert: { context: {} } })
  })

  it('retries throttling and 500; rejects a missing queue without the secret', async () => {
    answerError(400, 'RequestThrottled')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    answerError(500, 'InternalError')
    expect((await sendFailure(destination())).code).toBe('DESTINATION_UNAVAILABLE')
    answerError(400, 'QueueDoesNotExist')
    const err = await sendFailure(destination())
    expect(err.code).toBe('DESTINATION_REJECTED')
    expect(err.message).toMatch(/^SQS destination queue: \w+ \(HTTP 400\)/)
    expect(err.message).not.toContain(secretAccessKey)
  })

  it('times out a silent queue as retryable', async () => {
    server.respond = () => undefined
    const err = await sendFailure(destination({ timeoutMs: 100 }))
    expect(err.code).toBe('DESTINATION_UNAVAILABLE')
    expect(err.message).toBe('SQS destination queue: no response (timed out)')
  })
})

describe('sqsSafeText', () => {
  it('drops characters SQS refuses and keeps the rest', () => {
    expect(sqsSafeText('a\u0000b\u0007c\td\ne\uffff😀\ud800')).toBe('abc\td\ne😀')
  })
})
