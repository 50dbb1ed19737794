import { describe, expect, it } from 'vitest'
import { strftimeReader, timeReader } from './time-formats.js'

describe('timeReader', () => {
  it('reads RFC 3339 in UTC, with offsets, fractions and Panther’s zone-less form', () => {
    const read = timeReader('rfc3339')
    expect(read('2026-03-04T05:06:07Z')).toBe('2026-03-04 05:06:07.000')
    expect(read('2026-03-04T05:06:08.250+01:00')).toBe('2026-03-04 04:06:08.250')
    expect(read('2026-03-04T05:06:08.123456789-0230')).toBe('2026-03-04 07:36:08.123')
    expect(read('2025-01-21 17:49:47.000000000')).toBe('2025-01-21 17:49:47.000')
    expect(read('2026-02-30T00:00:00Z')).toBeUndefined()
    expect(read('yesterday')).toBeUndefined()
    expect(read(1700000000)).toBeUndefined()
  })

  it('reads epoch numbers and numeric strings in each unit', () => {
    expect(timeReader('unix')(1412123850)).toBe('2014-10-01 00:37:30.000')
    expect(timeReader('unix')('1412123850.5')).toBe('2014-10-01 00:37:30.500')
    expect(timeReader('unix_ms')(1711431195806)).toBe('2024-03-26 05:33:15.806')
    expect(timeReader('unix_us')('1711431195806123')).toBe('2024-03-26 05:33:15.806')
    expect(timeReader('unix_ns')('1711431195806123456')).toBe('2024-03-26 05:33:15.806')
    expect(timeReader('unix')('12a')).toBeUndefined()
    expect(timeReader('unix')(1e20)).toBeUndefined()
  })

  it('compiles strftime patterns, including osquery’s and syslog’s', () => {
    expect(strftimeReader('%a %b %e %H:%M:%S %Y UTC')('Mon May  2 22:27:32 2016 UTC')).toBe(
      '2016-05-02 22:27:32.000',
    )
    expect(strftimeReader('%d/%b/%Y:%H:%M:%S %z')('10/Oct/2000:13:55:36 -0700')).toBe(
      '2000-10-10 20:55:36.000',
    )
    expect(strftimeReader('%Y-%m-%dT%H:%M:%S.%f')('2021-01-02T03:04:05.123456')).toBe(
      '2021-01-02 03:04:05.123',
    )
    expect(strftimeReader('%m/%d/%Y %I:%M:%S %p')('01/02/2021 03:04:05 PM')).toBe(
      '2021-01-02 15:04:05.000',
    )
    const year = new Date().getUTCFullYear()
    expect(strftimeReader('%b %d %H:%M:%S')('Jun 14 15:16:01')).toBe(`${year}-06-14 15:16:01.000`)
    expect(strftimeReader('%s')('1412123850')).toBe('2014-10-01 00:37:30.000')
    expect(strftimeReader('%Y-%m-%d %Z')('2021-01-02 CST')).toBeUndefined()
    expect(strftimeReader('%Y-%m-%d')('2021-13-02')).toBeUndefined()
  })

  it('explains a pattern it cannot compile', () => {
    expect(() => timeReader('%Q')).toThrow(/unknown strftime directive %Q/)
    expect(() => timeReader('iso8601')).toThrow(/neither rfc3339, unix.* nor a strftime pattern/)
  })
})
