import { describe, expect, it } from 'vitest'
import { createSyslogRfc5424Parser } from './syslog-rfc5424.js'

const parse = createSyslogRfc5424Parser()

describe('syslog-rfc5424 parser', () => {
  it('reads the header, structured data and message', () => {
    expect(
      parse(
        '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"][b@1 x="y"] An entry',
      ),
    ).toEqual({
      ok: true,
      value: {
        priority: '165',
        facility: '20',
        severity: '5',
        version: '1',
        timestamp: '2003-10-11T22:14:15.003Z',
        hostname: 'mymachine.example.com',
        appname: 'evntslog',
        msgid: 'ID47',
        structured_data: {
          'exampleSDID@32473': { iut: '3', eventSource: 'Application' },
          'b@1': { x: 'y' },
        },
        message: 'An entry',
      },
    })
  })

  it('leaves NILVALUE fields out', () => {
    expect(parse('<13>1 - - - - - - minimal')).toEqual({
      ok: true,
      value: { priority: '13', facility: '1', severity: '5', version: '1', message: 'minimal' },
    })
    expect(parse('<13>1 - - - - - -')).toMatchObject({ ok: true })
  })

  it('unescapes \\" \\\\ and \\] in PARAM-VALUE and keeps other backslashes', () => {
    expect(
      parse('<34>1 - h a 1 m [meta@1 v="a\\]b" q="\\"" p="c\\\\d" o="e\\nf"] x'),
    ).toMatchObject({
      value: { structured_data: { 'meta@1': { v: 'a]b', q: '"', p: 'c\\d', o: 'e\\nf' } } },
    })
  })

  it('strips a BOM, an octet count, and reads a zoneless timestamp as UTC', () => {
    expect(parse('<13>1 - - - - - - \uFEFFhello')).toMatchObject({ value: { message: 'hello' } })
    expect(parse('77 <86>1 2015-08-05T21:58:59.693Z h inactive - - -  two spaces ')).toMatchObject({
      value: { appname: 'inactive', message: ' two spaces ' },
    })
    expect(parse('<14>1 2013-01-19T15:18:17.040 SRX a - b - x')).toMatchObject({
      value: { timestamp: '2013-01-19T15:18:17.040Z' },
    })
  })

  it('fails precisely on malformed messages', () => {
    expect(parse('no pri')).toEqual({ ok: false, reason: 'no <PRI> at the start' })
    expect(parse('<13>x - - - - - -')).toEqual({
      ok: false,
      reason: 'VERSION after <PRI> must be a number, found "x"',
    })
    expect(parse('<13>1 - host')).toEqual({
      ok: false,
      reason: 'header ends before HOSTNAME and structured data',
    })
    expect(parse('<13>1 - h a p m [id k=v] x')).toEqual({
      ok: false,
      reason: 'expected PARAM-NAME="value" at offset 20',
    })
    expect(parse('<13>1 - h a p m [id k="v x')).toEqual({
      ok: false,
      reason: 'unterminated PARAM-VALUE starting at offset 23',
    })
    expect(parse('<13>1 - h a p m [id k="v"]x')).toEqual({
      ok: false,
      reason: 'expected a space before MSG at offset 26',
    })
  })
})
