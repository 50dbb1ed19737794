import { describe, expect, it } from 'vitest'
import { AppError } from '../../core/index.js'
import { createTextParser, nativeParserNames } from './index.js'

function errorOf(spec: unknown): AppError {
  try {
    createTextParser(spec)
  } catch (err) {
    if (err instanceof AppError) return err
    throw err
  }
  throw new Error('expected createTextParser to throw')
}

describe('createTextParser', () => {
  it('lists every problem of a spec with its path, as CONFIG_INVALID', () => {
    const err = errorOf({ csv: { delimiter: ';;', columns: [], bogus: 1 } })
    expect(err.code).toBe('CONFIG_INVALID')
    expect(err.details).toEqual({
      problems: [
        'parser.csv.delimiter: must be exactly one character (use "\\t" in YAML double quotes for tab)',
        'parser.csv.columns: Too small: expected array to have >=1 items',
        'parser.csv: Unrecognized key: "bogus"',
      ],
    })
  })

  it('needs exactly one parser kind', () => {
    expect(errorOf({}).message).toBe(
      'Invalid parser: parser: needs exactly one of csv, fastmatch, regex, native',
    )
    expect(errorOf({ csv: { columns: ['a'] }, regex: { match: ['x'] } }).code).toBe(
      'CONFIG_INVALID',
    )
    expect(errorOf('csv').message).toContain('parser: Invalid input')
  })

  it('names the known native parsers and checks their options', () => {
    expect(errorOf({ native: { name: 'nope' } }).message).toBe(
      `parser.native.name: unknown native parser "nope" (known: ${nativeParserNames.join(', ')})`,
    )
    expect(errorOf({ native: { name: 'kv', pairSeparator: '' } }).details).toEqual({
      problems: ['parser.native.pairSeparator: Too small: expected string to have >=1 characters'],
    })
    expect(errorOf({ native: { name: 'syslog-rfc5424', extra: true } }).message).toContain(
      'parser.native: Unrecognized key: "extra"',
    )
  })

  it('builds every native parser', () => {
    for (const name of nativeParserNames) {
      expect(typeof createTextParser({ native: { name } })).toBe('function')
    }
  })
})
