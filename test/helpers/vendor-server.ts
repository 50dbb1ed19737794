import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A request the vendor server received. */
export interface VendorRequest {
  method: string
  /** Path and query string. */
  url: string
  headers: IncomingHttpHeaders
  body: string
}

/** Writes the answer to one request; the default answers 200 with `{}`. */
export type VendorResponder = (res: ServerResponse, request: VendorRequest) => void

/**
 * A stand-in for a vendor API on 127.0.0.1 (port 0): records every request and answers with a
 * replaceable `respond` function, so a test can check the request and script failures.
 */
export class VendorServer {
  readonly received: VendorRequest[] = []
  respond: VendorResponder = (res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}')
  private readonly server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const request: VendorRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      }
      this.received.push(request)
      this.respond(res, request)
    })
  })

  /** Listens and returns the base URL, `http://127.0.0.1:<port>`. */
  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve))
    return `http://127.0.0.1:${String((this.server.address() as AddressInfo).port)}`
  }

  /** Answers every later request with `status`, a JSON or text body and headers. */
  answer(status: number, body: unknown = {}, headers: Record<string, string> = {}): void {
    const text = typeof body === 'string' ? body : JSON.stringify(body)
    const type = typeof body === 'string' ? 'text/plain' : 'application/json'
    this.respond = (res) => res.writeHead(status, { 'content-type': type, ...headers }).end(text)
  }

  /** The only request received, parsed as JSON; fails when there is not exactly one. */
  onlyJson(): { request: VendorRequest; json: unknown } {
    if (this.received.length !== 1) {
      throw new Error(`expected 1 request, got ${String(this.received.length)}`)
    }
    const request = this.received[0]!
    return { request, json: JSON.parse(request.body) as unknown }
  }

  /** Stops listening, dropping open connections. */
  async close(): Promise<void> {
    this.server.closeAllConnections()
    await new Promise((resolve) => this.server.close(resolve))
  }
}
