import { describe, expect, it } from 'vitest'
import { datagramMessage, SyslogFramer } from './syslog-framing.js'

const m5424 = '<34>1 2026-11-28T12:00:00.000Z host app 123 ID47 - BOM hello'
const m3164 = '<13>Nov 28 12:00:00 host app[1]: hi there'

describe('SyslogFramer', () => {
  it('splits newline-framed messages across chunks (LF, CRLF, NUL)', () => {
    const framer = new SyslogFramer(1024)
    const a = framer.push(Buffer.from(`${m5424}\n${m3164.slice(0, 10)}`))
    const b = framer.push(Buffer.from(`${m3164.slice(10)}\r\n<1>x\0`))
    expect(framer.framing).toBe('newline')
    expect([...a.messages, ...b.messages]).toEqual([m5424, m3164, '<1>x'])
  })

  it('reads octet-counted frames, even split inside the length', () => {
    const framer = new SyslogFramer(1024)
    const frames = [m5424, 'multi\nline'].map((m) => `${Buffer.byteLength(m)} ${m}`).join('')
    const out = Array.from(Buffer.from(frames)).flatMap(
      (byte) => framer.push(Buffer.from([byte])).messages,
    )
    expect(framer.framing).toBe('octet')
    expect(out).toEqual([m5424, 'multi\nline'])
  })

  it('counts multi-byte characters in octets, not characters', () => {
    const framer = new SyslogFramer(1024)
    const msg = '<1>1 - - - - - - héllo ✓'
    expect(framer.push(Buffer.from(`${Buffer.byteLength(msg)} ${msg}`)).messages).toEqual([msg])
  })

  it('skips oversize messages and goes on with the next', () => {
    const octet = new SyslogFramer(256)
    const big = 'x'.repeat(300)
    const out = octet.push(Buffer.from(`300 ${big}5 <1>ok`))
    expect(out).toEqual({ messages: ['<1>ok'], oversize: [300] })

    const lines = new SyslogFramer(256)
    const first = lines.push(Buffer.from(`<1>${big}`))
    const second = lines.push(Buffer.from(`${big}\n<2>next\n`))
    expect(first.oversize).toHaveLength(1)
    expect(second).toEqual({ messages: ['<2>next'], oversize: [] })
  })

  it('refuses a bad octet count', () => {
    const framer = new SyslogFramer(1024)
    expect(() => framer.push(Buffer.from('12x <1>hello world and more'))).toThrow(/bad length/)
  })

  it('keeps a last newline-framed message without its terminator at end of stream', () => {
    const framer = new SyslogFramer(1024)
    expect(framer.push(Buffer.from(m3164)).messages).toEqual([])
    expect(framer.end().messages).toEqual([m3164])
  })
})

describe('datagramMessage', () => {
  it('strips trailing newlines and NULs; an empty datagram is no message', () => {
    expect(datagramMessage(Buffer.from(`${m3164}\n\0`))).toBe(m3164)
    expect(datagramMessage(Buffer.from('\n'))).toBeUndefined()
  })
})
