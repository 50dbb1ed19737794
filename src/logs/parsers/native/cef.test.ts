import { describe, expect, it } from 'vitest'
import { createTextParser } from '../index.js'
import { parseExtension } from './cef.js'

const parse = createTextParser({ native: { name: 'cef' } })

describe('cef parser', () => {
  it('reads the header and the extension', () => {
    expect(
      parse(
        'CEF:0|Security|threatmanager|1.0|100|worm successfully stopped|10|src=10.0.0.1 dst=2.1.2.2 spt=1232',
      ),
    ).toEqual({
      ok: true,
      value: {
        version: '0',
        deviceVendor: 'Security',
        deviceProduct: 'threatmanager',
        deviceVersion: '1.0',
        deviceEventClassId: '100',
        name: 'worm successfully stopped',
        severity: '10',
        extension: { src: '10.0.0.1', dst: '2.1.2.2', spt: '1232' },
      },
    })
  })

  it('unescapes \\| and \\\\ in the header, \\= \\n and \\\\ in values, spaces in values', () => {
    expect(
      parse(
        'CEF:0|ven\\|dor|prod\\\\uct|1|sig|name|5|msg=a\\=b c\\nnext cs1=C:\\\\temp cs1Label=Some label',
      ),
    ).toMatchObject({
      value: {
        deviceVendor: 'ven|dor',
        deviceProduct: 'prod\\uct',
        extension: { msg: 'a=b c\nnext', cs1: 'C:\\temp', cs1Label: 'Some label' },
      },
    })
  })

  it('keeps a syslog header before CEF:', () => {
    expect(parse('<134>Feb 14 19:04:54 host CEF:0|V|P|1|id|n|3|')).toMatchObject({
      value: { syslogHeader: '<134>Feb 14 19:04:54 host', severity: '3' },
    })
  })

  it('fails precisely', () => {
    expect(parse('hello')).toEqual({ ok: false, reason: 'no "CEF:" header' })
    expect(parse('CEF:0|V|P|1')).toEqual({
      ok: false,
      reason: 'CEF header ends before deviceVersion (needs 7 "|"-separated fields)',
    })
    expect(parse('CEF:x|V|P|1|id|n|3|')).toEqual({
      ok: false,
      reason: 'CEF version "x" is not a number',
    })
    const strict = createTextParser({ native: { name: 'cef', allowPrefix: false } })
    expect(strict('x CEF:0|V|P|1|id|n|3|')).toEqual({ ok: false, reason: 'no "CEF:" header' })
  })

  it('splits an empty extension into nothing', () => {
    expect(parseExtension('')).toEqual({})
  })
})
