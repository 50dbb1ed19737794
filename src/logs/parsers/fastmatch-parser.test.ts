import { describe, expect, it } from 'vitest'
import { compileFastPattern } from './fastmatch-parser.js'
import { createTextParser } from './index.js'
import type { TextParseResult } from './text-parser.js'

const value = (r: TextParseResult) => (r.ok ? r.value : { failed: r.reason })

describe('fastmatch parser', () => {
  const apache = createTextParser({
    fastmatch: {
      match: [
        '%{remote_ip} %{} %{user} [%{time}] "%{method} %{uri} %{protocol}" %{status} %{size}',
      ],
      emptyValues: ['-'],
    },
  })

  it('extracts fields between literal delimiters and skips %{}', () => {
    expect(
      value(
        apache('127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 200 2326'),
      ),
    ).toEqual({
      remote_ip: '127.0.0.1',
      user: 'frank',
      time: '10/Oct/2000:13:55:36 -0700',
      method: 'GET',
      uri: '/a.gif',
      protocol: 'HTTP/1.0',
      status: '200',
      size: '2326',
    })
  })

  it('reads IPv6 and drops empty values', () => {
    expect(value(apache('::1 - - [x] "GET / HTTP/1.1" 200 -'))).toMatchObject({
      remote_ip: '::1',
      status: '200',
    })
  })

  it('unescapes quoted values when a backslash is present', () => {
    const parse = createTextParser({ fastmatch: { match: ['%{a} "%{msg}" %{b}'] } })
    expect(value(parse('1 "say \\"hi\\" \\x41" 2'))).toEqual({ a: '1', msg: 'say "hi" A', b: '2' })
    expect(value(parse('1 "plain" 2'))).toEqual({ a: '1', msg: 'plain', b: '2' })
  })

  it('reads single-quoted values and keeps text after the last delimiter out', () => {
    const parse = createTextParser({ fastmatch: { match: ["user='%{user}' id=%{id};"] } })
    expect(value(parse("user='o\\'brien' id=7; trailing"))).toEqual({ user: "o'brien", id: '7' })
  })

  it('tries patterns in order', () => {
    const parse = createTextParser({ fastmatch: { match: ['%{a}|%{b}', '%{c} %{d}'] } })
    expect(value(parse('x y'))).toEqual({ c: 'x', d: 'y' })
    expect(value(parse('x|y'))).toEqual({ a: 'x', b: 'y' })
  })

  it('says why no pattern matched', () => {
    const parse = createTextParser({ fastmatch: { match: ['<%{a}>', '%{a}|%{b}'] } })
    expect(parse('nothing')).toEqual({
      ok: false,
      reason:
        'no fastmatch pattern matched: #1 does not start with "<"; #2 no "|" after %{a} (offset 0)',
    })
  })

  it('rejects patterns with adjacent fields or no field, with the pattern index', () => {
    expect(() => compileFastPattern('%{a}%{b}')).toThrow(
      'fields %{a} and %{b} need text between them',
    )
    expect(() => createTextParser({ fastmatch: { match: ['%{a} x', 'plain'] } })).toThrow(
      'parser.fastmatch: has no %{field}',
    )
    expect(() => createTextParser({ fastmatch: { match: [] } })).toThrow(
      'parser.fastmatch.match: needs at least one pattern',
    )
  })

  it('honours skipLines and trimSpace', () => {
    const parse = createTextParser({
      fastmatch: { match: ['%{a},%{b}'], skipLines: 1, trimSpace: true },
    })
    expect(parse('header')).toMatchObject({ ok: false, skip: true })
    expect(value(parse(' 1 , 2 '))).toEqual({ a: '1', b: '2' })
  })
})
