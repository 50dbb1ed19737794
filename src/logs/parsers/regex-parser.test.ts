import { describe, expect, it } from 'vitest'
import { createTextParser } from './index.js'
import { compileGrok } from './regex-parser.js'
import type { TextParseResult } from './text-parser.js'

const value = (r: TextParseResult) => (r.ok ? r.value : { failed: r.reason })

describe('regex parser', () => {
  const common = createTextParser({
    regex: {
      patternDefinitions: { TS: '[^\\]]+' },
      match: [
        '%{IP:remote_ip} %{NS:identity} %{NS:user} \\[%{TS:timestamp}\\] ',
        '"%{WORD:method} %{URIPATHPARAM:uri} %{NOTSPACE:protocol}" %{INT:status} %{NOTSPACE:bytes}',
      ],
      emptyValues: ['-'],
    },
  })

  it('joins the match chunks into one pattern with named fields', () => {
    expect(
      value(common('10.1.2.3 - bob [10/Oct/2000:13:55:36 -0700] "GET /a?b=1 HTTP/1.0" 200 -')),
    ).toEqual({
      remote_ip: '10.1.2.3',
      user: 'bob',
      timestamp: '10/Oct/2000:13:55:36 -0700',
      method: 'GET',
      uri: '/a?b=1',
      protocol: 'HTTP/1.0',
      status: '200',
    })
  })

  it('matches IPv6 addresses', () => {
    for (const ip of [
      '::1',
      '2001:db8::8a2e:370:7334',
      'fe80::202:b3ff:fe1e:8329',
      '::ffff:10.0.0.1',
    ]) {
      expect(value(common(`${ip} - - [t] "GET / HTTP/1.1" 200 1`))).toMatchObject({ remote_ip: ip })
    }
  })

  it('anchors the pattern and says where a record stops matching', () => {
    expect(common('10.1.2.3 - - [t] "GET / HTTP/1.1" 200 1 extra')).toEqual({
      ok: false,
      reason: 'expected the end of the record at offset 39, found " extra"',
    })
    const bad = common('10.1.2.3 - - [t] "GET / HTTP/1.1" OK 1')
    // NOTSPACE took the closing quote too, so the report points just after it.
    expect(bad.ok ? '' : bad.reason).toContain('%{INT:status}" at offset 33')
    expect(bad.ok ? '' : bad.reason).toContain('found " OK 1"')
    expect(common('garbage')).toEqual({
      ok: false,
      reason: 'expected "%{IP:remote_ip}" at the start, found "garbage"',
    })
  })

  it('lets alternatives capture the same field', () => {
    const parse = createTextParser({
      regex: { match: ['(?:\\[%{IPV6:ip}\\]|%{IPV4:ip}):%{INT:port}'] },
    })
    expect(value(parse('[2001:db8::1]:80'))).toEqual({ ip: '2001:db8::1', port: '80' })
    expect(value(parse('10.0.0.1:443'))).toEqual({ ip: '10.0.0.1', port: '443' })
  })

  it('knows the common grok definitions', () => {
    const cases: [string, string][] = [
      ['HTTPDATE', '10/Oct/2000:13:55:36 -0700'],
      ['SYSLOGTIMESTAMP', 'Oct  1 22:14:15'],
      ['TIMESTAMP_ISO8601', '2026-11-29T06:07:25.123Z'],
      ['QS', '"a \\"quoted\\" string"'],
      ['QUOTEDSTRING', "'single'"],
      ['HOSTNAME', 'www.example.com'],
      ['NUMBER', '-12.5'],
      ['UUID', '123e4567-e89b-12d3-a456-426614174000'],
      ['URI', 'https://user@example.com:8443/path?q=1'],
      ['EMAILADDRESS', 'a.b@example.org'],
      ['MAC', '00:1a:2b:3c:4d:5e'],
      ['LOGLEVEL', 'WARNING'],
      ['GREEDYDATA', 'anything at all'],
    ]
    for (const [name, text] of cases) {
      expect(compileGrok(`%{${name}:v}`).regex.exec(text)?.groups?._c0, name).toBe(text)
    }
  })

  it('rejects unknown patterns, cycles and bad regex syntax at build time', () => {
    expect(() => createTextParser({ regex: { match: ['%{NOPE:x}'] } })).toThrow(
      'parser.regex: unknown grok pattern %{NOPE}',
    )
    expect(() =>
      createTextParser({
        regex: { match: ['%{A}'], patternDefinitions: { A: '%{B}', B: '%{A}' } },
      }),
    ).toThrow('refers to itself (A → B → A)')
    expect(() => createTextParser({ regex: { match: ['(%{WORD:x}'] } })).toThrow(
      'parser.regex: invalid regular expression',
    )
  })

  it('handles a very long line without catastrophic backtracking', () => {
    const parse = createTextParser({ regex: { match: ['%{WORD:a} %{GREEDYDATA:rest}'] } })
    const rest = 'y '.repeat(500_000)
    expect(value(parse(`x ${rest}`))).toEqual({ a: 'x', rest })
  })
})
