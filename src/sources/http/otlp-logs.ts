import { AppError } from '../../core/index.js'

/** An OTLP `AnyValue` in its JSON encoding. */
interface AnyValue {
  stringValue?: string
  boolValue?: boolean
  intValue?: string | number
  doubleValue?: number
  bytesValue?: string
  arrayValue?: { values?: AnyValue[] }
  kvlistValue?: { values?: KeyValue[] }
}
interface KeyValue {
  key: string
  value?: AnyValue
}
interface LogRecord {
  timeUnixNano?: string | number
  observedTimeUnixNano?: string | number
  severityNumber?: number
  severityText?: string
  body?: AnyValue
  attributes?: KeyValue[]
  traceId?: string
  spanId?: string
  eventName?: string
}
interface ExportLogsRequest {
  resourceLogs?: {
    resource?: { attributes?: KeyValue[] }
    scopeLogs?: {
      scope?: { name?: string; version?: string; attributes?: KeyValue[] }
      logRecords?: LogRecord[]
    }[]
  }[]
}

/** One OTLP log record with its resource and scope, as one plain JSON object. */
export interface OtlpEvent {
  time: string | null
  observedTime: string | null
  severityText: string | null
  severityNumber: number | null
  body: unknown
  attributes: Record<string, unknown>
  resource: Record<string, unknown>
  scope: { name: string | null; version: string | null; attributes: Record<string, unknown> }
  traceId: string | null
  spanId: string | null
}

/**
 * Turns an OTLP/HTTP JSON `ExportLogsServiceRequest` into raw records. With `record: 'body'` a
 * string body is the record as the agent read it (a JSON document or a raw line, classified by
 * the source's log types), a map body becomes its JSON object, and any other body the flattened
 * event; with `record: 'event'` every log record becomes the flattened {@link OtlpEvent}.
 */
export function otlpLogRecords(text: string, record: 'body' | 'event'): string[] {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (err) {
    throw new AppError(
      'BODY_INVALID',
      `The body is not OTLP/HTTP JSON (ExportLogsServiceRequest): ${(err as Error).message}`,
    )
  }
  const request = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as ExportLogsRequest
  if (!Array.isArray(request.resourceLogs)) {
    throw new AppError('BODY_INVALID', 'The OTLP body has no resourceLogs array')
  }
  const records: string[] = []
  for (const resourceLogs of request.resourceLogs) {
    const resource = attributes(resourceLogs.resource?.attributes)
    for (const scopeLogs of resourceLogs.scopeLogs ?? []) {
      const scope = {
        name: scopeLogs.scope?.name ?? null,
        version: scopeLogs.scope?.version ?? null,
        attributes: attributes(scopeLogs.scope?.attributes),
      }
      for (const log of scopeLogs.logRecords ?? []) {
        const body = log.body
        if (record === 'body' && typeof body?.stringValue === 'string') {
          records.push(body.stringValue)
        } else if (record === 'body' && body?.kvlistValue !== undefined) {
          records.push(JSON.stringify(plain(body)))
        } else records.push(JSON.stringify(flatten(log, resource, scope)))
      }
    }
  }
  return records
}

function flatten(
  log: LogRecord,
  resource: Record<string, unknown>,
  scope: OtlpEvent['scope'],
): OtlpEvent {
  return {
    time: nanosToIso(log.timeUnixNano) ?? nanosToIso(log.observedTimeUnixNano),
    observedTime: nanosToIso(log.observedTimeUnixNano),
    severityText: log.severityText ?? null,
    severityNumber: log.severityNumber ?? null,
    body: log.body === undefined ? null : plain(log.body),
    attributes: attributes(log.attributes),
    resource,
    scope,
    traceId: emptyToNull(log.traceId),
    spanId: emptyToNull(log.spanId),
  }
}

/** An `AnyValue` as plain JSON: maps become objects, 64-bit integers numbers when exact. */
function plain(value: AnyValue): unknown {
  if (value.stringValue !== undefined) return value.stringValue
  if (value.boolValue !== undefined) return value.boolValue
  if (value.intValue !== undefined) {
    const n = Number(value.intValue)
    return Number.isSafeInteger(n) ? n : String(value.intValue)
  }
  if (value.doubleValue !== undefined) return value.doubleValue
  if (value.bytesValue !== undefined) return value.bytesValue
  if (value.arrayValue !== undefined) return (value.arrayValue.values ?? []).map(plain)
  if (value.kvlistValue !== undefined) return attributes(value.kvlistValue.values)
  return null
}

function attributes(list: KeyValue[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const kv of list ?? []) out[kv.key] = kv.value === undefined ? null : plain(kv.value)
  return out
}

function nanosToIso(nanos: string | number | undefined): string | null {
  if (nanos === undefined || nanos === '' || nanos === '0' || nanos === 0) return null
  try {
    const ns = BigInt(nanos)
    const ms = Number(ns / 1_000_000n)
    const iso = new Date(ms).toISOString()
    // Keep the nanoseconds: ISO with 9 fraction digits.
    const fraction = (ns % 1_000_000_000n).toString().padStart(9, '0')
    return `${iso.slice(0, 19)}.${fraction}Z`
  } catch {
    return null
  }
}

function emptyToNull(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value
}
