import { describe, expect, it } from 'vitest'
import { createTextParser } from '../index.js'

const parse = createTextParser({ native: { name: 'leef' } })

describe('leef parser', () => {
  it('reads LEEF 1.0 with tab-separated attributes', () => {
    expect(
      parse('LEEF:1.0|Microsoft|MSExchange|4.0 SP1|15345|src=192.0.2.0\tdst=172.50.123.1\tsev=5'),
    ).toEqual({
      ok: true,
      value: {
        version: '1.0',
        vendor: 'Microsoft',
        product: 'MSExchange',
        productVersion: '4.0 SP1',
        eventId: '15345',
        attributes: { src: '192.0.2.0', dst: '172.50.123.1', sev: '5' },
      },
    })
  })

  it('reads LEEF 2.0 with a character or hex delimiter, and | inside values', () => {
    expect(parse('LEEF:2.0|Lancope|StealthWatch|1.0|41|^|src=10.0.1.8^msg=a|b')).toMatchObject({
      value: { eventId: '41', attributes: { src: '10.0.1.8', msg: 'a|b' } },
    })
    expect(parse('LEEF:2.0|V|P|1|id|0x5E|a=1^b=2')).toMatchObject({
      value: { attributes: { a: '1', b: '2' } },
    })
    expect(parse('LEEF:2.0|V|P|1|id||a=1\tb=2')).toMatchObject({
      value: { attributes: { a: '1', b: '2' } },
    })
  })

  it('fails precisely', () => {
    expect(parse('LEEF:3.0|V|P|1|id|a=1')).toEqual({
      ok: false,
      reason: 'unsupported LEEF version "3.0"',
    })
    expect(parse('LEEF:1.0|V|P')).toEqual({
      ok: false,
      reason: 'LEEF 1.0 needs 5 "|"-separated header fields',
    })
    expect(parse('LEEF:2.0|V|P|1|id|zz|a=1')).toEqual({
      ok: false,
      reason: 'bad LEEF 2.0 delimiter "zz"',
    })
    expect(parse('LEEF:1.0|V|P|1|id|novalue')).toEqual({
      ok: false,
      reason: 'LEEF attribute "novalue" has no key=',
    })
    expect(parse('nothing')).toEqual({ ok: false, reason: 'no "LEEF:" header' })
  })
})
