import { createHash, timingSafeEqual } from 'node:crypto'
import type { HttpSourceConfig } from './config.js'
import { splitJsonRecords } from '../framing/index.js'

/** An HTTP push source: it knows its log type and its own token, and frames request bodies. */
export class HttpSource {
  readonly type = 'http'
  readonly logType: string
  readonly label: string
  private readonly tokenDigest: Buffer | undefined

  constructor(
    readonly id: string,
    config: HttpSourceConfig,
  ) {
    this.logType = config.logType
    this.label = config.label ?? id
    this.tokenDigest = config.token === undefined ? undefined : digest(config.token)
  }

  /** True when the bearer token is this source's own token (compared in constant time). */
  acceptsToken(token: string): boolean {
    return this.tokenDigest !== undefined && timingSafeEqual(this.tokenDigest, digest(token))
  }

  /** Splits a decoded body into records: NDJSON, a JSON array or one JSON document. */
  frame(body: string): string[] {
    return splitJsonRecords(body)
  }
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token).digest()
}
