import { createHash, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'

interface QueuedMessage {
  id: string
  body: string
  receipt: string
  visibleAt: number
  /** Times received so far (SQS's ApproximateReceiveCount). */
  receives: number
}

/**
 * A small SQS-compatible server on 127.0.0.1 speaking the AWS JSON 1.0 protocol the SDK v3 uses
 * (ReceiveMessage with long polling, DeleteMessage, SendMessage). No SQS server installs from
 * npm or Debian here, so the tests run the real SDK client against this one.
 */
export class SqsServer {
  readonly messages: QueuedMessage[] = []
  readonly deleted: string[] = []
  private readonly server: Server
  private port = 0

  constructor() {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = []
      // A client that gave up (a stopped source aborting its long poll) receives nothing.
      let gone = false
      res.on('close', () => {
        gone = true
      })
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => {
        const action = String(req.headers['x-amz-target'] ?? '').replace('AmazonSQS.', '')
        const input = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<
          string,
          unknown
        >
        void this.handle(action, input, () => gone).then(([status, body]) => {
          res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' })
          res.end(JSON.stringify(body))
        })
      })
    })
  }

  /** Starts listening; returns the URL of the one queue. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    this.port = (this.server.address() as AddressInfo).port
    return this.queueUrl
  }

  get queueUrl(): string {
    return `http://127.0.0.1:${this.port}/000000000000/events`
  }

  /** Puts a message on the queue; `receivedBefore` > 0 makes it a redelivery. */
  send(body: string, receivedBefore = 0): void {
    this.messages.push({
      id: randomUUID(),
      body,
      receipt: '',
      visibleAt: 0,
      receives: receivedBefore,
    })
  }

  close(): Promise<void> {
    this.server.closeAllConnections()
    return new Promise((resolve) =>
      this.server.close(() => {
        resolve()
      }),
    )
  }

  private async handle(
    action: string,
    input: Record<string, unknown>,
    gone: () => boolean,
  ): Promise<[number, unknown]> {
    if (action === 'SendMessage') {
      this.send(String(input.MessageBody))
      return [200, { MessageId: this.messages.at(-1)?.id }]
    }
    if (action === 'DeleteMessage') {
      const index = this.messages.findIndex((m) => m.receipt === input.ReceiptHandle)
      if (index !== -1) this.deleted.push(...this.messages.splice(index, 1).map((m) => m.body))
      return [200, {}]
    }
    if (action === 'ReceiveMessage') {
      const max = Number(input.MaxNumberOfMessages ?? 1)
      // Long polling, shortened so tests stay quick.
      const deadline = Date.now() + Math.min(Number(input.WaitTimeSeconds ?? 0), 1) * 1000
      for (;;) {
        if (gone()) return [499, {}]
        const visible = this.messages.filter((m) => m.visibleAt <= Date.now()).slice(0, max)
        if (visible.length > 0 || Date.now() >= deadline) {
          for (const m of visible) {
            m.receipt = randomUUID()
            m.receives += 1
            m.visibleAt = Date.now() + Number(input.VisibilityTimeout ?? 30) * 1000
          }
          const messages = visible.map((m) => ({
            MessageId: m.id,
            ReceiptHandle: m.receipt,
            MD5OfBody: createHash('md5').update(m.body).digest('hex'),
            Body: m.body,
            ...(wantsReceiveCount(input)
              ? { Attributes: { ApproximateReceiveCount: String(m.receives) } }
              : {}),
          }))
          return [200, messages.length === 0 ? {} : { Messages: messages }]
        }
        await new Promise((r) => setTimeout(r, 20))
      }
    }
    return [400, { __type: 'com.amazonaws.sqs#InvalidAction', message: `unknown ${action}` }]
  }
}

function wantsReceiveCount(input: Record<string, unknown>): boolean {
  const names = input.MessageSystemAttributeNames ?? input.AttributeNames
  return Array.isArray(names) && names.some((n) => n === 'All' || n === 'ApproximateReceiveCount')
}
