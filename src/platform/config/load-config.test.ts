import { mkdtempSync, writeFileSync } from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig, redactConfig } from './load-config.js'

const dir = mkdtempSync(join(tmpdir(), 'caracal-config-'))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

describe('loadConfig', () => {
  it('gives every key a default', () => {
    const config = loadConfig({ env: {} })
    expect(config.server.port).toBe(8080)
    expect(config.lake.flushIntervalMs).toBe(250)
    expect(config.sources).toEqual({ cloudtrail: { type: 'http', logType: 'AWS.CloudTrail' } })
    expect(config.data).toBe(join(process.cwd(), 'caracal-data'))
    expect(Object.isFrozen(config.server)).toBe(true)
  })

  it('interpolates ${VAR} and ${file:PATH}, and environment overrides win', () => {
    const secret = file('secret.txt', 'file-secret-value-123\n')
    const path = file(
      'a.yml',
      `server:\n  port: 9000\nsources:\n  ct:\n    type: http\n    logType: AWS.CloudTrail\n    token: \${TOKEN}\n  other:\n    type: http\n    logType: AWS.CloudTrail\n    token: \${file:${secret}}\n`,
    )
    const config = loadConfig({
      file: path,
      env: {
        TOKEN: 'env-secret-value-1234',
        CARACAL_SERVER__PORT: '9100',
        CARACAL_LOG__LEVEL: 'debug',
      },
    })
    expect(config.server.port).toBe(9100)
    expect(config.log.level).toBe('debug')
    expect(config.sources.ct?.token).toBe('env-secret-value-1234')
    expect(config.sources.other?.token).toBe('file-secret-value-123')
  })

  it('puts the cache below XDG_CACHE_HOME or ~/.cache, or where CARACAL_CACHE_DIR says', () => {
    expect(loadConfig({ env: {} }).cacheDir).toBe(join(homedir(), '.cache', 'caracal'))
    expect(loadConfig({ env: { XDG_CACHE_HOME: '/x/cache' } }).cacheDir).toBe('/x/cache/caracal')
    // The XDG spec says a relative value is to be ignored.
    expect(loadConfig({ env: { XDG_CACHE_HOME: 'rel' } }).cacheDir).toBe(
      join(homedir(), '.cache', 'caracal'),
    )
    expect(loadConfig({ env: { CARACAL_CACHE_DIR: 'off' } }).cacheDir).toBe('off')
    expect(loadConfig({ env: { CARACAL_CACHE_DIR: 'c' } }).cacheDir).toBe(join(process.cwd(), 'c'))
  })

  it('reports every problem with file and key at once', () => {
    const path = file(
      'bad.yml',
      'server:\n  port: "x"\n  colour: blue\nlake:\n  flushIntervalMs: 1\n',
    )
    let message = ''
    try {
      loadConfig({ file: path, env: {} })
    } catch (err) {
      message = (err as Error).message
    }
    expect(message).toContain(
      `${path}: server.port: Invalid input: expected number, received string`,
    )
    expect(message).toContain(`${path}: server: Unrecognized key: "colour"`)
    expect(message).toContain(`${path}: lake.flushIntervalMs:`)
  })

  it('names a missing variable and a YAML syntax error', () => {
    const missing = file('missing.yml', 'data: ${NOPE}\n')
    expect(() => loadConfig({ file: missing, env: {} })).toThrow(
      `${missing}: data: environment variable NOPE is not set`,
    )
    const broken = file('broken.yml', 'server: [\n')
    expect(() => loadConfig({ file: broken, env: {} })).toThrow(broken)
    expect(() => loadConfig({ file: join(dir, 'none.yml'), env: {} })).toThrow(/cannot read/)
  })

  it('redacts secrets for display', () => {
    expect(redactConfig({ sources: { a: { token: 'abc', logType: 'X' } } })).toEqual({
      sources: { a: { token: '[redacted]', logType: 'X' } },
    })
  })
})
