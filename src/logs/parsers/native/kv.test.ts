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
  it('reads a grok header before the pairs, and bare words as flags', () => {
    const iptables = createTextParser({
      native: {
        name: 'kv',
        header: ['%{WORD:host} kernel: IPTABLES %{WORD:event}: '],
        bareWordValue: 'true',
        emptyValues: [''],
      },
    })
    expect(
      iptables('fw1 kernel: IPTABLES Dropped: IN=eth0 OUT= SRC=10.0.0.1 DF PROTO=TCP'),
    ).toEqual({
      ok: true,
      value: {
        host: 'fw1',
        event: 'Dropped',
        IN: 'eth0',
        SRC: '10.0.0.1',
        DF: 'true',
        PROTO: 'TCP',
      },
    })
    expect(iptables('fw1 sshd: hello')).toEqual({
      ok: false,
      reason: 'expected the header "%{WORD:host} kernel: IPTABLES %{WORD:event}: "',
    })
    expect(() => createTextParser({ native: { name: 'kv', header: ['%{NOPE:x}'] } })).toThrow(
      /unknown grok pattern %\{NOPE\}/,
    )
  })
})
