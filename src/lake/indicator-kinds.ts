import { isIP } from 'node:net'
import { AppError, indicatorFields, type IndicatorKind } from '../core/index.js'
import { sqlString } from './lake-layout.js'

/** A value to search for, with the kind Caracal recognized (or was told with `kind:value`). */
export interface Indicator {
  value: string
  kind: IndicatorKind | 'cidr'
}

const patterns: [IndicatorKind, RegExp][] = [
  ['md5', /^[a-f0-9]{32}$/i],
  ['sha1', /^[a-f0-9]{40}$/i],
  ['sha256', /^[a-f0-9]{64}$/i],
  ['aws_arn', /^arn:aws[a-z-]*:/],
  ['aws_account_id', /^\d{12}$/],
  ['aws_instance_id', /^i-[0-9a-f]{8}(?:[0-9a-f]{9})?$/],
  ['email', /^[^\s@]+@[^\s@]+\.[^\s@]+$/],
  ['domain', /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i],
]

/** Recognizes the kind of a value: IP, CIDR, hash, ARN, account id, email, domain, else username. */
export function classifyIndicator(input: string): Indicator {
  const text = input.trim()
  const explicit = /^([a-z0-9_]+):(.+)$/i.exec(text)
  if (explicit?.[1] !== undefined && explicit[2] !== undefined && explicit[1] in indicatorFields) {
    return { kind: explicit[1] as IndicatorKind, value: explicit[2] }
  }
  if (isIP(text) !== 0) return { kind: 'ip', value: text }
  if (/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/.test(text)) return { kind: 'cidr', value: text }
  for (const [kind, pattern] of patterns) {
    if (pattern.test(text)) return { kind, value: kind === 'domain' ? text.toLowerCase() : text }
  }
  return { kind: 'username', value: text }
}

/** The SQL condition for one indicator, or none when no table has its column yet. */
export function condition(indicator: Indicator, available: ReadonlySet<string>): string[] {
  const column = indicatorFields[indicator.kind === 'cidr' ? 'ip' : indicator.kind]
  if (!available.has(column)) return []
  if (indicator.kind !== 'cidr') return [`list_contains(${column}, ${sqlString(indicator.value)})`]
  const [low, high] = cidrRange(indicator.value)
  // IPv4 addresses as numbers, computed in SQL since no inet extension is loaded.
  const asNumber =
    "split_part(x, '.', 1)::BIGINT * 16777216 + split_part(x, '.', 2)::BIGINT * 65536 + " +
    "split_part(x, '.', 3)::BIGINT * 256 + split_part(x, '.', 4)::BIGINT"
  return [
    `len(list_filter(${column}, x -> regexp_full_match(x, '\\d+\\.\\d+\\.\\d+\\.\\d+') AND ` +
      `(${asNumber}) BETWEEN ${low} AND ${high})) > 0`,
  ]
}

function cidrRange(cidr: string): [number, number] {
  const [address = '', bits = ''] = cidr.split('/')
  const prefix = Number(bits)
  const octets = address.split('.').map(Number)
  if (prefix > 32 || octets.some((o) => o > 255)) {
    throw new AppError('VALIDATION_FAILED', `Not an IPv4 CIDR range: ${cidr}`)
  }
  const base = octets.reduce((n, o) => n * 256 + o, 0)
  const size = 2 ** (32 - prefix)
  const low = Math.floor(base / size) * size
  return [low, low + size - 1]
}
