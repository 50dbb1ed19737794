import type { ParseFailure } from '../../core/index.js'
import { unwrapCloudWatch, type Unwrapped } from './cloudwatch-logs.js'

/** How records are framed. */
export interface FramingOptions {
  /**
   * Longest record (a line, an array element, a log event message) in bytes; longer ones become
   * failures with their first bytes and the reason. Whole multi-line documents (a CloudTrail S3
   * object) are bounded by the body or file instead. Default 4 MiB.
   */
  maxRecordBytes?: number | undefined
}

/** The default `maxRecordBytes`: far above real log lines, far below what hurts memory. */
export const defaultMaxRecordBytes = 4 * 1024 * 1024

/** The most a compressed CloudWatch envelope may expand to. */
const maxEnvelopeBytes = 64 * 1024 * 1024

/** How much of an oversize record is kept in its failure, so users can tell what it was. */
const keptBytes = 1024

/**
 * Expands CloudWatch Logs envelopes into their messages and turns records over the limit into
 * failures. Every other record passes through unchanged.
 */
export function frameRecords(records: readonly string[], options: FramingOptions = {}): Unwrapped {
  const max = options.maxRecordBytes ?? defaultMaxRecordBytes
  const out: Unwrapped = { records: [], failures: [] }
  const add = (record: string) => {
    // Characters undercount bytes by at most 3x; measure bytes only when it might matter.
    if (record.length * 3 > max && Buffer.byteLength(record) > max) {
      out.failures.push(oversize(record, Buffer.byteLength(record), max))
    } else out.records.push(record)
  }
  for (const record of records) {
    const unwrapped = unwrapCloudWatch(record, maxEnvelopeBytes)
    if (unwrapped === undefined) {
      add(record)
      continue
    }
    for (const message of unwrapped.records) add(message)
    out.failures.push(...unwrapped.failures)
  }
  return out
}

/** The failure of a record over the limit: its first bytes, its size and the limit. */
export function oversize(head: string, bytes: number, max: number): ParseFailure {
  const kept = Buffer.from(head.slice(0, keptBytes)).subarray(0, keptBytes).toString('utf8')
  return {
    raw: `${kept}…`,
    reason: `record of ${bytes} bytes is over the limit of ${max} bytes (maxRecordBytes); only its first ${keptBytes} bytes are kept`,
  }
}
