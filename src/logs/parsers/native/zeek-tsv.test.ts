import { describe, expect, it } from 'vitest'
import { createTextParser } from '../index.js'

const header = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tdns',
  '#open\t2023-08-16-01-28-55',
  '#fields\tts\tuid\tid.orig_h\tquery\tAA\tanswers\tTTLs',
  '#types\ttime\tstring\taddr\tstring\tbool\tvector[string]\tvector[interval]',
]

describe('zeek-tsv parser', () => {
  it('reads the header, then data lines by #fields with sets, bools and unset values', () => {
    const parse = createTextParser({ native: { name: 'zeek-tsv', path: 'dns' } })
    for (const line of header) expect(parse(line)).toMatchObject({ ok: false, skip: true })
    expect(
      parse('1692161644.001072\tCX6po\t192.168.1.41\texample.com\tT\ta.example,1.2.3.4\t60.0,60.0'),
    ).toEqual({
      ok: true,
      value: {
        ts: '1692161644.001072',
        uid: 'CX6po',
        'id.orig_h': '192.168.1.41',
        query: 'example.com',
        AA: 'true',
        answers: ['a.example', '1.2.3.4'],
        TTLs: ['60.0', '60.0'],
      },
    })
    expect(parse('1.0\tC1\t::1\t-\tF\t(empty)\t-')).toEqual({
      ok: true,
      value: { ts: '1.0', uid: 'C1', 'id.orig_h': '::1', AA: 'false', answers: [] },
    })
  })

  it('decodes \\x escapes and a custom separator', () => {
    const parse = createTextParser({ native: { name: 'zeek-tsv' } })
    parse('#separator \\x7c')
    parse('#fields|a|b')
    expect(parse('x\\x7cy|z')).toEqual({ ok: true, value: { a: 'x|y', b: 'z' } })
  })

  it('fails precisely without a header, on a wrong count, or on another log', () => {
    const parse = createTextParser({ native: { name: 'zeek-tsv', path: 'conn' } })
    expect(parse('1\t2')).toEqual({ ok: false, reason: 'no #fields header seen yet' })
    const results = header.map((line) => parse(line))
    // Header lines of another log fail from #path on, so a classifier moves the file along.
    expect(results.map((r) => !r.ok && r.skip === true)).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      false,
    ])
    expect(parse('1\t2')).toEqual({
      ok: false,
      reason: 'Zeek log is dns, this schema reads conn',
    })
    // A new file starts with #separator: the previous file's log is forgotten.
    expect(parse('#separator \\x09')).toMatchObject({ ok: false, skip: true })
    expect(parse('#path\tconn')).toMatchObject({ ok: false, skip: true })
    const any = createTextParser({ native: { name: 'zeek-tsv' } })
    for (const line of header) any(line)
    expect(any('1\t2')).toEqual({ ok: false, reason: 'expected 7 values (#fields), found 2' })
  })

  it('uses configured fields until a header arrives', () => {
    const parse = createTextParser({ native: { name: 'zeek-tsv', fields: ['a', 'b'] } })
    expect(parse('1\t2')).toEqual({ ok: true, value: { a: '1', b: '2' } })
  })
})
