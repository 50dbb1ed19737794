import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { AppError } from '../../core/index.js'

const prefix = 'enc:v1:'

/** Encrypts secrets stored by Caracal (AES-256-GCM); the key never leaves memory. */
export class SecretBox {
  private constructor(private readonly key: Buffer) {}

  /** A box from a base64 key of 32 bytes. */
  static fromKey(base64: string): SecretBox {
    const key = Buffer.from(base64.trim(), 'base64')
    if (key.length !== 32) {
      throw new AppError(
        'CONFIG_INVALID',
        'secrets.key must be 32 bytes, base64-encoded (openssl rand -base64 32)',
      )
    }
    return new SecretBox(key)
  }

  /**
   * The configured key, else one kept in `file` (created 0600 on first use). `created` says a new
   * file was written, so the caller can tell the operator to back it up or move it to the config.
   */
  static open(
    configuredKey: string | undefined,
    file: string,
  ): { box: SecretBox; created: boolean } {
    if (configuredKey !== undefined)
      return { box: SecretBox.fromKey(configuredKey), created: false }
    if (existsSync(file))
      return { box: SecretBox.fromKey(readFileSync(file, 'utf8')), created: false }
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
    chmodSync(file, 0o600)
    return { box: SecretBox.fromKey(readFileSync(file, 'utf8')), created: true }
  }

  /** `enc:v1:<iv>:<tag>:<ciphertext>`, base64url parts; a fresh IV every time. */
  seal(plaintext: string): string {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
    const tag = cipher.getAuthTag()
    return `${prefix}${iv.toString('base64url')}:${tag.toString('base64url')}:${body.toString('base64url')}`
  }

  /** The plaintext of a sealed value; a wrong key or a tampered value is refused, never garbled. */
  open(sealed: string): string {
    if (!SecretBox.isSealed(sealed)) throw new AppError('INTERNAL', 'Not a sealed secret')
    const [iv = '', tag = '', body = ''] = sealed.slice(prefix.length).split(':')
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'))
      decipher.setAuthTag(Buffer.from(tag, 'base64url'))
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8')
    } catch (err) {
      throw new AppError(
        'CONFIG_INVALID',
        'A stored secret cannot be decrypted: is secrets.key the key it was written with?',
        { cause: err },
      )
    }
  }

  /** Whether a value was produced by `seal`. */
  static isSealed(value: unknown): value is string {
    return typeof value === 'string' && value.startsWith(prefix)
  }
}
