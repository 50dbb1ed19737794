import { describe, expect, it } from 'vitest'
import { createTextParser } from '../index.js'

describe('kv parser', () => {
  const parse = createTextParser({ native: { name: 'kv', emptyValues: ['-'] } })

  it('reads pairs, quoted values with escapes, empty values', () => {
    expect(parse('a=1 b="two words" c="say \\"hi\\"" d=- e= f=x=y')).toEqual({
      ok: true,
      value: { a: '1', b: 'two words', c: 'say "hi"', e: '', f: 'x=y' },
    })
  })

  it('takes custom separators and quotes', () => {
    const custom = createTextParser({
      native: { name: 'kv', pairSeparator: ';', kvSeparator: ':', quotes: ["'"], trimSpace: true },
    })
    expect(custom("a: 1; b:'x;y' ;c:3")).toEqual({ ok: true, value: { a: '1', b: 'x;y', c: '3' } })
  })

  it('fails precisely on bare words and unterminated quotes, unless told to ignore bare words', () => {
    expect(parse('a=1 oops b=2')).toEqual({ ok: false, reason: '"oops" at offset 4 has no "="' })
    expect(parse('a="open')).toEqual({ ok: false, reason: 'unterminated " for key a' })
    expect(parse('a="x"y')).toEqual({
      ok: false,
      reason: 'text after the closing " of key a (offset 5)',
    })
    const lenient = createTextParser({ native: { name: 'kv', allowBareWords: true } })
    expect(lenient('a=1 oops b=2')).toEqual({ ok: true, value: { a: '1', b: '2' } })
  })
})
