import { describe, expect, it } from 'vitest'
import { createTextParser } from './index.js'
import type { TextParseResult } from './text-parser.js'

const value = (r: TextParseResult) => (r.ok ? r.value : { failed: r.reason })

describe('csv parser', () => {
  it('maps columns to values and drops empty values', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b', 'c'], emptyValues: ['-'] } })
    expect(value(parse('1,-,3'))).toEqual({ a: '1', c: '3' })
  })

  it('reads RFC 4180 quoting: delimiters, doubled quotes and empty quoted values', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b', 'c', 'd'] } })
    expect(value(parse('"x,y","say ""hi""","",z'))).toEqual({
      a: 'x,y',
      b: 'say "hi"',
      c: '',
      d: 'z',
    })
  })

  it('keeps stray quotes as text, like Go LazyQuotes', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b'] } })
    expect(value(parse('ab"c,"d"e"'))).toEqual({ a: 'ab"c', b: 'd"e' })
  })

  it('reads a trailing empty value', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b'] } })
    expect(value(parse('"x",'))).toEqual({ a: 'x', b: '' })
  })

  it('uses a tab or space delimiter and trims values', () => {
    const parse = createTextParser({
      csv: { delimiter: '\t', columns: ['a', 'b'], trimSpace: true },
    })
    expect(value(parse(' 1 \t 2'))).toEqual({ a: '1', b: '2' })
  })

  it('gives precise reasons for a wrong value count and an unterminated quote', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b'] } })
    expect(parse('1,2,3')).toEqual({ ok: false, reason: 'expected 2 columns, found 3 in "1,2,3"' })
    expect(parse('1,"open')).toEqual({
      ok: false,
      reason: 'unterminated quoted value starting at column 2 (offset 2)',
    })
  })

  it('takes column names from the first line with hasHeader', () => {
    const parse = createTextParser({ csv: { hasHeader: true, delimiter: ' ' } })
    expect(parse('x y')).toEqual({ ok: false, skip: true, reason: 'header line' })
    expect(value(parse('1 2'))).toEqual({ x: '1', y: '2' })
  })

  it('skips the header when columns override it (Panther)', () => {
    const parse = createTextParser({ csv: { hasHeader: true, columns: ['p', 'q'] } })
    expect(parse('x,y').ok).toBe(false)
    expect(value(parse('1,2'))).toEqual({ p: '1', q: '2' })
  })

  it('recognizes headers anywhere with headerPattern, renames them, falls back to defaults', () => {
    const parse = createTextParser({
      csv: {
        delimiter: ' ',
        hasHeader: true,
        columns: ['version', 'srcaddr'],
        headerPattern: '^[a-z][a-z-]*(?: [a-z][a-z-]*)+$',
        columnAliases: { srcaddr: 'srcAddr', 'account-id': 'account' },
      },
    })
    expect(value(parse('2 10.0.0.1'))).toEqual({ version: '2', srcAddr: '10.0.0.1' })
    expect(parse('account-id srcaddr instance-id')).toMatchObject({ ok: false, skip: true })
    expect(value(parse('123 10.0.0.2 i-1'))).toEqual({
      account: '123',
      srcAddr: '10.0.0.2',
      'instance-id': 'i-1',
    })
    expect(value(parse('2 10.0.0.3'))).toEqual({ version: '2', srcAddr: '10.0.0.3' })
  })

  it('takes the columns from a W3C #Fields: line, aliased, before skipping # directives', () => {
    const parse = createTextParser({
      csv: {
        delimiter: '\t',
        fieldsHeader: '#Fields:',
        skipPrefix: '#',
        columnAliases: { 'cs(Host)': 'cs-host' },
      },
    })
    expect(parse('x\ty').ok).toBe(false)
    expect(parse('#Version: 1.0')).toMatchObject({ ok: false, skip: true })
    expect(parse('#Fields: date  time cs(Host)')).toMatchObject({ ok: false, skip: true })
    expect(value(parse('2026-11-29\t06:00:00\td1.cloudfront.net'))).toEqual({
      date: '2026-11-29',
      time: '06:00:00',
      'cs-host': 'd1.cloudfront.net',
    })
    // A later header (a new file in the same stream) replaces the columns.
    parse('#Fields: time date')
    expect(value(parse('06:00:00\t2026-11-29'))).toEqual({ time: '06:00:00', date: '2026-11-29' })
  })

  it('skips comment lines and expands templates', () => {
    const parse = createTextParser({
      csv: { columns: ['h', 'p'], skipPrefix: '#', expandFields: { hostport: '%{h}:%{ p }' } },
    })
    expect(parse('# comment')).toMatchObject({ ok: false, skip: true })
    expect(value(parse('a,80'))).toEqual({ h: 'a', p: '80', hostport: 'a:80' })
  })

  it('splits list fields into arrays after dropping empty values', () => {
    const parse = createTextParser({
      csv: {
        columns: ['id', 'tags', 'none'],
        emptyValues: [''],
        splitFields: { tags: ',', none: ',' },
      },
    })
    expect(value(parse('1,"a, b,c",'))).toEqual({ id: '1', tags: ['a', 'b', 'c'] })
  })

  it('parses a very long line', () => {
    const parse = createTextParser({ csv: { columns: ['a', 'b'] } })
    const long = 'x'.repeat(1_000_000)
    expect(value(parse(`"${long}",1`))).toEqual({ a: long, b: '1' })
  })

  it('rejects an invalid headerPattern when it is built', () => {
    expect(() =>
      createTextParser({ csv: { hasHeader: true, headerPattern: '(unclosed' } }),
    ).toThrow(/^parser\.csv: Invalid regular expression/)
  })

  it('rejects a headerless spec without columns', () => {
    expect(() => createTextParser({ csv: { delimiter: ',' } })).toThrow(
      'parser.csv.columns: a CSV without a header needs columns',
    )
  })
})
