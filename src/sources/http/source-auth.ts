import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { HttpSourceAuth } from './config.js'

/** The request headers an auth check reads (Node lower-cases their names). */
export type RequestHeaders = Readonly<Record<string, string | string[] | undefined>>

/**
 * What the headers say about a sender: `accepted` (this source's token or basic credentials),
 * `signed` (an HMAC header is there: check it against the raw body with `verifySignature`),
 * `rejected` (credentials of this source's kind, but wrong) or `none` (nothing of this source's:
 * an API token may still be valid).
 */
export type AuthVerdict =
  | { kind: 'accepted' }
  | { kind: 'signed' }
  | { kind: 'rejected'; reason: string }
  | { kind: 'none' }

/**
 * Checks the credentials of one HTTP source. Secrets are kept only as digests or keys and
 * compared in constant time; no message ever contains them.
 */
export class SourceAuth {
  private readonly tokenDigest: Buffer | undefined
  private readonly basicDigest: Buffer | undefined
  private readonly hmac: Extract<HttpSourceAuth, { type: 'hmac' }> | undefined

  constructor(token: string | undefined, auth: HttpSourceAuth | undefined) {
    const bearer = auth?.type === 'bearer' ? auth.token : token
    this.tokenDigest = bearer === undefined ? undefined : digest(bearer)
    this.basicDigest =
      auth?.type === 'basic' ? digest(`${auth.username}:${auth.password}`) : undefined
    this.hmac = auth?.type === 'hmac' ? { ...auth, header: auth.header.toLowerCase() } : undefined
  }

  /** True when the source has credentials of its own (API tokens always work besides). */
  get configured(): boolean {
    return (
      this.tokenDigest !== undefined || this.basicDigest !== undefined || this.hmac !== undefined
    )
  }

  /** What this source expects, for the 401 message. */
  get expected(): string {
    if (this.hmac !== undefined) {
      return `a ${this.hmac.header} header with the HMAC-${this.hmac.algorithm.toUpperCase()} of the raw body (${this.hmac.encoding}${this.hmac.prefix === '' ? '' : `, prefixed ${this.hmac.prefix}`})`
    }
    if (this.basicDigest !== undefined) return 'HTTP basic auth (Authorization: Basic …)'
    return 'Authorization: Bearer <source token or API token>'
  }

  /** True when the bearer token is this source's own token (compared in constant time). */
  acceptsToken(token: string): boolean {
    return this.tokenDigest !== undefined && timingSafeEqual(this.tokenDigest, digest(token))
  }

  /** Reads the headers; see {@link AuthVerdict}. */
  check(headers: RequestHeaders, bearer: string | undefined): AuthVerdict {
    if (bearer !== undefined && this.acceptsToken(bearer)) return { kind: 'accepted' }
    const authorization = header(headers, 'authorization')
    const basic =
      authorization === undefined ? undefined : /^Basic\s+(\S+)\s*$/i.exec(authorization)
    if (this.basicDigest !== undefined && basic?.[1] !== undefined) {
      const given = digest(Buffer.from(basic[1], 'base64').toString('utf8'))
      return timingSafeEqual(this.basicDigest, given)
        ? { kind: 'accepted' }
        : { kind: 'rejected', reason: 'The basic auth user name or password is wrong' }
    }
    if (this.hmac !== undefined && header(headers, this.hmac.header) !== undefined) {
      return { kind: 'signed' }
    }
    return { kind: 'none' }
  }

  /** True when the signature header matches the HMAC of the raw (still compressed) body. */
  verifySignature(headers: RequestHeaders, rawBody: Buffer): boolean {
    const hmac = this.hmac
    if (hmac === undefined) return false
    let value = header(headers, hmac.header)?.trim()
    if (value === undefined) return false
    if (hmac.prefix !== '') {
      if (!value.toLowerCase().startsWith(hmac.prefix.toLowerCase())) return false
      value = value.slice(hmac.prefix.length)
    }
    const given = decodeSignature(value, hmac.encoding)
    const expected = createHmac(hmac.algorithm, hmac.secret).update(rawBody).digest()
    // A length mismatch reveals only the algorithm, which is no secret.
    return (
      given !== undefined && given.length === expected.length && timingSafeEqual(given, expected)
    )
  }
}

function decodeSignature(value: string, encoding: 'hex' | 'base64'): Buffer | undefined {
  if (encoding === 'hex') return /^[0-9a-f]+$/i.test(value) ? Buffer.from(value, 'hex') : undefined
  return /^[A-Za-z0-9+/_-]+=*$/.test(value) ? Buffer.from(value, 'base64') : undefined
}

function header(headers: RequestHeaders, name: string): string | undefined {
  const value = headers[name]
  return Array.isArray(value) ? value[0] : value
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
