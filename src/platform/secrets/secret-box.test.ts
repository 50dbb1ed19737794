import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { SecretBox } from './secret-box.js'

describe('SecretBox', () => {
  const key = Buffer.alloc(32, 7).toString('base64')

  it('seals with a fresh IV and opens back', () => {
    const box = SecretBox.fromKey(key)
    const a = box.seal('xoxb-secret')
    const b = box.seal('xoxb-secret')
    expect(a).not.toBe(b)
    expect(a).not.toContain('xoxb')
    expect(a.startsWith('enc:v1:')).toBe(true)
    expect(box.open(a)).toBe('xoxb-secret')
  })

  it('refuses a wrong key and a tampered value', () => {
    const sealed = SecretBox.fromKey(key).seal('s3cret')
    const other = SecretBox.fromKey(Buffer.alloc(32, 8).toString('base64'))
    expect(() => other.open(sealed)).toThrow(/cannot be decrypted/)
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA')
    expect(() => SecretBox.fromKey(key).open(tampered)).toThrow(/cannot be decrypted/)
    expect(() => SecretBox.fromKey('c2hvcnQ=')).toThrow(/32 bytes/)
  })

  it('creates a private key file once, then reuses it', () => {
    const dir = tempDir('secret-box')
    try {
      const file = join(dir.path, 'secrets.key')
      const first = SecretBox.open(undefined, file)
      expect(first.created).toBe(true)
      expect(statSync(file).mode & 0o777).toBe(0o600)
      const sealed = first.box.seal('x')
      const second = SecretBox.open(undefined, file)
      expect(second.created).toBe(false)
      expect(second.box.open(sealed)).toBe('x')
      expect(readFileSync(file, 'utf8').trim()).toHaveLength(44)
    } finally {
      dir.remove()
    }
  })
})
