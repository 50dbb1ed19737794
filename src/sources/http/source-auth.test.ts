import { createHmac } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { httpSourceAuth } from './config.js'
import { SourceAuth } from './source-auth.js'

const secret = 'a-shared-secret-of-some-length'
const body = Buffer.from('{"hello":"world"}\n')

function auth(raw: Record<string, unknown>): SourceAuth {
  return new SourceAuth(undefined, httpSourceAuth.parse(raw))
}

describe('SourceAuth', () => {
  it('checks a GitHub-style sha256= hex signature over the raw body', () => {
    const github = auth({ type: 'hmac', secret, header: 'X-Hub-Signature-256', prefix: 'sha256=' })
    const signature = `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
    const headers = { 'x-hub-signature-256': signature }
    expect(github.check(headers, undefined)).toEqual({ kind: 'signed' })
    expect(github.verifySignature(headers, body)).toBe(true)
    expect(github.verifySignature(headers, Buffer.from('{"hello":"w0rld"}\n'))).toBe(false)
    // Without its prefix, or with another secret, it does not match.
    const bare = signature.slice('sha256='.length)
    expect(github.verifySignature({ 'x-hub-signature-256': bare }, body)).toBe(false)
    const other = `sha256=${createHmac('sha256', 'another-secret-value!!').update(body).digest('hex')}`
    expect(github.verifySignature({ 'x-hub-signature-256': other }, body)).toBe(false)
  })

  it('checks sha1 and base64 signatures', () => {
    const sha1 = auth({ type: 'hmac', secret, algorithm: 'sha1', encoding: 'base64' })
    const good = createHmac('sha1', secret).update(body).digest('base64')
    expect(sha1.verifySignature({ 'x-signature': good }, body)).toBe(true)
    const sha256 = createHmac('sha256', secret).update(body).digest('base64')
    expect(sha1.verifySignature({ 'x-signature': sha256 }, body)).toBe(false)
    expect(sha1.verifySignature({ 'x-signature': 'not base64 !' }, body)).toBe(false)
    expect(sha1.verifySignature({}, body)).toBe(false)
  })

  it('accepts the right basic credentials and rejects wrong ones', () => {
    const basic = auth({ type: 'basic', username: 'vector', password: 'correct-horse-battery' })
    const header = (user: string, password: string) => ({
      authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`,
    })
    expect(basic.check(header('vector', 'correct-horse-battery'), undefined)).toEqual({
      kind: 'accepted',
    })
    expect(basic.check(header('vector', 'wrong-horse-battery'), undefined).kind).toBe('rejected')
    expect(basic.check(header('other', 'correct-horse-battery'), undefined).kind).toBe('rejected')
    expect(basic.check({}, undefined)).toEqual({ kind: 'none' })
  })

  it('accepts its bearer token (auth.bearer or the older `token`) and nothing else', () => {
    const token = 'source-token-0123456789'
    for (const source of [auth({ type: 'bearer', token }), new SourceAuth(token, undefined)]) {
      expect(source.check({}, token)).toEqual({ kind: 'accepted' })
      expect(source.check({}, 'source-token-0123456780')).toEqual({ kind: 'none' })
    }
    expect(new SourceAuth(undefined, undefined).configured).toBe(false)
  })

  it('never puts a secret into what it tells senders', () => {
    const hmac = auth({ type: 'hmac', secret, header: 'X-Sig', prefix: 'sha256=' })
    expect(hmac.expected).toContain('x-sig')
    expect(hmac.expected).not.toContain(secret)
    const basic = auth({ type: 'basic', username: 'u', password: 'correct-horse-battery' })
    const rejected = basic.check({ authorization: 'Basic dTp4' }, undefined)
    expect(JSON.stringify(rejected)).not.toContain('correct-horse')
  })
})
