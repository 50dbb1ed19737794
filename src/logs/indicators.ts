import { isIP } from 'node:net'
import { indicatorFields, type IndicatorKind } from '../core/index.js'

/** The 15 indicator names a schema field may list (Panther's): output kinds plus input shapes. */
export const schemaIndicators = [
  'ip',
  'domain',
  'hostname',
  'url',
  'net_addr',
  'md5',
  'sha1',
  'sha256',
  'aws_arn',
  'aws_account_id',
  'aws_instance_id',
  'aws_tag',
  'trace_id',
  'username',
  'email',
] as const

/** One indicator name of a schema field. */
export type SchemaIndicator = (typeof schemaIndicators)[number]

/** The method of `IndicatorSet` that adds a value of each schema indicator (for generated code). */
export const indicatorMethods: Record<SchemaIndicator, keyof IndicatorSet> = {
  ip: 'addIp',
  domain: 'addDomain',
  hostname: 'addHost',
  net_addr: 'addHost',
  url: 'addUrl',
  md5: 'addMd5',
  sha1: 'addSha1',
  sha256: 'addSha256',
  aws_arn: 'addArn',
  aws_account_id: 'addAccountId',
  aws_instance_id: 'addInstanceId',
  aws_tag: 'addTag',
  trace_id: 'addTraceId',
  username: 'addUsername',
  email: 'addEmail',
}

/** The output kinds a schema indicator can fill (a host may be an IP or a domain name). */
export const indicatorOutputKinds: Record<SchemaIndicator, readonly IndicatorKind[]> = {
  ip: ['ip'],
  domain: ['domain'],
  hostname: ['ip', 'domain'],
  net_addr: ['ip', 'domain'],
  url: ['ip', 'domain'],
  md5: ['md5'],
  sha1: ['sha1'],
  sha256: ['sha256'],
  aws_arn: ['aws_arn', 'aws_account_id', 'aws_instance_id'],
  aws_account_id: ['aws_account_id'],
  aws_instance_id: ['aws_instance_id'],
  aws_tag: ['aws_tag'],
  trace_id: ['trace_id'],
  username: ['username'],
  email: ['email'],
}

/**
 * The indicator values of one event, de-duplicated per kind, one field per output kind. Plain
 * arrays (an event holds a handful of values, where Sets cost more than they save) in fixed
 * fields, so every instance has one shape and the generated code's calls stay monomorphic.
 */
export class IndicatorSet {
  ip: string[] | undefined = undefined
  domain: string[] | undefined = undefined
  md5: string[] | undefined = undefined
  sha1: string[] | undefined = undefined
  sha256: string[] | undefined = undefined
  trace_id: string[] | undefined = undefined
  aws_account_id: string[] | undefined = undefined
  aws_instance_id: string[] | undefined = undefined
  aws_arn: string[] | undefined = undefined
  aws_tag: string[] | undefined = undefined
  email: string[] | undefined = undefined
  username: string[] | undefined = undefined

  /** Adds a value of an output kind as is (empty strings and non-strings are ignored). */
  add(kind: IndicatorKind, value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    const list = this[kind]
    if (list === undefined) this[kind] = [value]
    else if (!list.includes(value)) list.push(value)
  }

  /** An IP address (anything else is ignored). */
  addIp(value: unknown): void {
    if (typeof value === 'string' && isIP(value) !== 0) this.ip = push(this.ip, value)
  }

  /** A domain name, lower-cased. */
  addDomain(value: unknown): void {
    if (typeof value === 'string' && value !== '')
      this.domain = push(this.domain, value.toLowerCase())
  }

  /** An address-like value: an IP goes to `ip`, a host name to `domain`, anything else is ignored. */
  addHost(value: unknown): void {
    if (typeof value !== 'string' || value === '') return
    if (isIP(value) !== 0) this.ip = push(this.ip, value)
    else if (hostName.test(value)) this.domain = push(this.domain, value.toLowerCase())
  }

  /** A URL: its host counts as a host name (an IP host as an IP). */
  addUrl(value: unknown): void {
    if (typeof value !== 'string') return
    const host = urlHost.exec(value)?.[1]
    if (host !== undefined) this.addHost(host.startsWith('[') ? host.slice(1, -1) : host)
  }

  /** An ARN, plus the account id and EC2 instance id it names. */
  addArn(value: unknown): void {
    if (typeof value !== 'string' || !value.startsWith('arn:')) return
    this.aws_arn = push(this.aws_arn, value)
    const m = arnParts.exec(value)
    if (m === null) return
    if (m[1] !== undefined) this.aws_account_id = push(this.aws_account_id, m[1])
    if (m[2] !== undefined) this.aws_instance_id = push(this.aws_instance_id, m[2])
  }

  /** An AWS account id (12 digits). */
  addAccountId(value: unknown): void {
    if (typeof value === 'string' && value !== '') {
      this.aws_account_id = push(this.aws_account_id, value)
    }
  }

  /** An EC2 instance id. */
  addInstanceId(value: unknown): void {
    if (typeof value === 'string' && value !== '') {
      this.aws_instance_id = push(this.aws_instance_id, value)
    }
  }

  /** An AWS tag (`key:value`). */
  addTag(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.aws_tag = push(this.aws_tag, value)
  }

  /** A trace or request id. */
  addTraceId(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.trace_id = push(this.trace_id, value)
  }

  /** A user name. */
  addUsername(value: unknown): void {
    if (typeof value === 'string' && value !== '') this.username = push(this.username, value)
  }

  /** An email address, lower-cased (a value without `@` is ignored). */
  addEmail(value: unknown): void {
    if (typeof value === 'string' && value.includes('@')) {
      this.email = push(this.email, value.toLowerCase())
    }
  }

  /** An MD5 hash (32 hex digits), lower-cased. */
  addMd5(value: unknown): void {
    if (isHex(value, 32)) this.md5 = push(this.md5, value.toLowerCase())
  }

  /** A SHA-1 hash (40 hex digits), lower-cased. */
  addSha1(value: unknown): void {
    if (isHex(value, 40)) this.sha1 = push(this.sha1, value.toLowerCase())
  }

  /** A SHA-256 hash (64 hex digits), lower-cased. */
  addSha256(value: unknown): void {
    if (isHex(value, 64)) this.sha256 = push(this.sha256, value.toLowerCase())
  }

  /**
   * Scans a free-form (json) value: every string in it that has the shape of one of the kinds
   * is added. Kinds without a recognizable shape (username, trace_id, aws_tag) are not scanned.
   */
  scan(kinds: readonly SchemaIndicator[], value: unknown, depth: number): void {
    if (typeof value === 'string') {
      for (const kind of kinds) this.addShaped(kind, value)
    } else if (typeof value === 'object' && value !== null && depth < 32) {
      if (Array.isArray(value)) for (const item of value) this.scan(kinds, item, depth + 1)
      else
        for (const key in value)
          this.scan(kinds, (value as Record<string, unknown>)[key], depth + 1)
    }
  }

  private addShaped(kind: SchemaIndicator, value: string): void {
    switch (kind) {
      case 'aws_instance_id':
        if (instanceId.test(value)) this.addInstanceId(value)
        return
      case 'aws_account_id':
        if (accountId.test(value)) this.addAccountId(value)
        return
      case 'email':
        if (email.test(value)) this.addEmail(value)
        return
      case 'url':
        if (value.includes('://')) this.addUrl(value)
        return
      case 'domain':
      case 'hostname':
      case 'net_addr':
        this.addHost(value)
        return
      case 'ip':
        this.addIp(value)
        return
      case 'aws_arn':
        this.addArn(value)
        return
      case 'md5':
        this.addMd5(value)
        return
      case 'sha1':
        this.addSha1(value)
        return
      case 'sha256':
        this.addSha256(value)
        return
      default:
        // username, trace_id and aws_tag have no shape to recognize in free-form values.
        return
    }
  }
}

/** The `p_any_*` field of each kind, in IndicatorSet field order, for the generated code. */
export const indicatorOutputs = Object.entries(indicatorFields) as [IndicatorKind, string][]

function push(list: string[] | undefined, value: string): string[] {
  if (list === undefined) return [value]
  if (!list.includes(value)) list.push(value)
  return list
}

function isHex(value: unknown, length: number): value is string {
  return typeof value === 'string' && value.length === length && hex.test(value)
}

const hostName = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}\.?$/i
const urlHost = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]+\]|[^:/?#]+)/i
const arnParts = /^arn:[^:]*:[^:]*:[^:]*:(\d{12})?:(?:(?:.*[:/])?instance\/(i-[0-9a-f]{8,17})$)?/
const accountId = /^\d{12}$/
const instanceId = /^i-[0-9a-f]{8,17}$/
const email = /^[^@\s]+@[^@\s]+\.[a-z]{2,}$/i
const hex = /^[0-9a-f]+$/i
