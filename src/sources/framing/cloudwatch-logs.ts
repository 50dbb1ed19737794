import { gunzipSync } from 'node:zlib'
import type { ParseFailure } from '../../core/index.js'

/** What unwrapping one record gave: the records inside it, and what could not be decoded. */
export interface Unwrapped {
  records: string[]
  failures: ParseFailure[]
}

/**
 * The log events inside a CloudWatch Logs subscription envelope, one record per `message`:
 * `{"messageType":"DATA_MESSAGE","logEvents":[…]}` as decoded, or `{"awslogs":{"data":…}}` with
 * the envelope as base64(gzip(JSON)), as Lambda receives it. CONTROL_MESSAGE envelopes (the
 * checks CloudWatch sends when a subscription is set up) hold no events. Undefined when the
 * record is no envelope, so other records cost one substring search, not a JSON parse.
 */
export function unwrapCloudWatch(record: string, maxBytes: number): Unwrapped | undefined {
  if (!record.includes('"logEvents"') && !record.includes('"awslogs"')) return undefined
  const value = tryParse(record)
  if (!isObject(value)) return undefined
  const awslogs = value.awslogs
  if (isObject(awslogs) && typeof awslogs.data === 'string' && Object.keys(value).length === 1) {
    return decodeAwsLogs(record, awslogs.data, maxBytes)
  }
  return envelopeMessages(value)
}

function decodeAwsLogs(record: string, data: string, maxBytes: number): Unwrapped {
  const fail = (reason: string): Unwrapped => ({
    records: [],
    failures: [{ raw: record, reason: `CloudWatch Logs awslogs.data ${reason}` }],
  })
  let text: string
  try {
    // The limit keeps a small record from expanding into gigabytes (a gzip bomb).
    text = gunzipSync(Buffer.from(data, 'base64'), { maxOutputLength: maxBytes }).toString('utf8')
  } catch (err) {
    return fail(`is not base64 gzip within ${maxBytes} bytes: ${(err as Error).message}`)
  }
  const envelope = tryParse(text)
  if (!isObject(envelope)) return fail('does not hold a JSON object')
  return envelopeMessages(envelope) ?? fail('holds no logEvents envelope')
}

function envelopeMessages(value: Record<string, unknown>): Unwrapped | undefined {
  if (!Array.isArray(value.logEvents) || typeof value.messageType !== 'string') return undefined
  if (value.messageType === 'CONTROL_MESSAGE') return { records: [], failures: [] }
  const records: string[] = []
  const failures: ParseFailure[] = []
  for (const event of value.logEvents as unknown[]) {
    const message = isObject(event) ? event.message : undefined
    if (typeof message === 'string') records.push(message)
    else
      failures.push({
        raw: JSON.stringify(event),
        reason: 'CloudWatch log event without a message',
      })
  }
  return { records, failures }
}

/**
 * Splits concatenated JSON documents (`{…}{…}` or pretty-printed ones one after another, as
 * Firehose writes CloudWatch Logs envelopes to S3 with no delimiter). Undefined unless the text is
 * two or more whole JSON objects and nothing else.
 */
export function splitConcatenatedJson(text: string): string[] | undefined {
  const documents: string[] = []
  let depth = 0
  let inString = false
  let start = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c)
        i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) {
      if (depth === 0) {
        if (c !== 0x7b) return undefined
        start = i
      }
      depth++
    } else if (c === 0x7d || c === 0x5d) {
      depth--
      if (depth < 0) return undefined
      if (depth === 0) documents.push(text.slice(start, i + 1))
    } else if (depth === 0 && c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) {
      return undefined
    }
  }
  if (depth !== 0 || documents.length < 2) return undefined
  return documents.every((d) => tryParse(d) !== undefined) ? documents : undefined
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
