import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { compileSchema, readSchema } from '../../schema/index.js'
import { builtinLogTypes } from '../../registry.js'
import { failureOf, parseOne } from './vendor-cases.js'

/** Content delivery and edge logs: Fastly (CLF), CloudFront standard logs, Cloudflare Spectrum. */

describe('Fastly.Access', () => {
  it('reads a Common Log Format line, and one without user, request line or size', () => {
    expect(
      parseOne(
        'Fastly.Access',
        '203.0.113.10 - alice [29/Nov/2026:06:00:01 +0000] "GET /index.html HTTP/1.1" 200 5120',
      ),
    ).toMatchObject({
      remote_host_ip_address: '203.0.113.10',
      request_user: 'alice',
      request_method: 'GET',
      response_status: 200,
      response_size: 5120,
      p_event_time: '2026-11-29 06:00:01.000',
      p_any_ip_addresses: ['203.0.113.10'],
    })
    const bare = parseOne('Fastly.Access', '2001:db8::5 - - [29/Nov/2026:08:00:01 +0200] "-" 408 -')
    expect([bare.request_user, bare.request_method, bare.response_size]).toEqual([
      undefined,
      undefined,
      undefined,
    ])
    expect(bare.p_event_time).toBe('2026-11-29 06:00:01.000')
  })
})

/** CloudFront's documented header and a line of each kind, fresh per test: the header is state. */
function cloudFront() {
  const file = new URL('../../../../content/log-types/aws-cloudfrontaccess.yml', import.meta.url)
  const read = readSchema(readFileSync(file, 'utf8'), 'aws-cloudfrontaccess.yml')
  if (!read.ok) throw new Error(JSON.stringify(read.errors))
  return compileSchema(read.spec)
}

const fields =
  '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status cs(Referer) cs(User-Agent) cs-uri-query cs(Cookie) x-edge-result-type x-edge-request-id x-host-header cs-protocol cs-bytes time-taken x-forwarded-for ssl-protocol ssl-cipher x-edge-response-result-type cs-protocol-version fle-status fle-encrypted-fields c-port time-to-first-byte x-edge-detailed-result-type sc-content-type sc-content-len sc-range-start sc-range-end'
const hit = [
  '2019-12-04',
  '21:02:31',
  'LAX1',
  '392',
  '192.0.2.100',
  'GET',
  'd111111abcdef8.cloudfront.net',
  '/index.html',
  '200',
  '-',
  'Mozilla/5.0%20(Windows%20NT%2010.0;%20Win64;%20x64)',
  '-',
  '-',
  'Hit',
  'SOX4xwn4XV6Q4rgb7XiVGOHms_BGlTAC4KyHmureZmBNrjGdRLiNIQ==',
  'd111111abcdef8.cloudfront.net',
  'https',
  '23',
  '0.001',
  '-',
  'TLSv1.2',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'Hit',
  'HTTP/2.0',
  '-',
  '-',
  '11040',
  '0.001',
  'Hit',
  'text/html',
  '78',
  '-',
  '-',
].join('\t')

describe('AWS.CloudFrontAccess', () => {
  it('reads the #Fields header, then a cache hit with its date and time joined', () => {
    const type = cloudFront()
    expect(type.parse('#Version: 1.0')).toEqual({ events: [], failures: [] })
    expect(type.parse(fields)).toEqual({ events: [], failures: [] })
    const [event] = type.parse(hit).events
    expect(event).toMatchObject({
      timestamp: '2019-12-04 21:02:31.000',
      p_event_time: '2019-12-04 21:02:31.000',
      'x-edge-location': 'LAX1',
      'sc-bytes': 392,
      'cs-host': 'd111111abcdef8.cloudfront.net',
      'sc-status': 200,
      'time-taken': 0.001,
      'c-port': 11040,
      'x-edge-result-type': 'Hit',
      p_any_ip_addresses: ['192.0.2.100'],
    })
    expect(event?.['cs-referer']).toBeUndefined()
  })

  it('reads proxied viewers as a list, without a header in the documented order', () => {
    const values = hit.split('\t')
    values[19] = '198.51.100.7, 10.0.0.3'
    const [event] = cloudFront().parse(values.join('\t')).events
    expect(event?.['x-forwarded-for']).toEqual(['198.51.100.7', '10.0.0.3'])
    expect(event?.p_any_ip_addresses).toEqual(['192.0.2.100', '198.51.100.7', '10.0.0.3'])
  })

  it('follows a #Fields header with fewer fields, as older logs have', () => {
    const type = cloudFront()
    type.parse(
      '#Fields: date time x-edge-location sc-bytes c-ip cs-method cs(Host) cs-uri-stem sc-status',
    )
    const [event] = type.parse(
      '2014-05-23\t01:13:11\tFRA2\t182\t192.0.2.10\tGET\td111111abcdef8.cloudfront.net\t/view/my/file.html\t200',
    ).events
    expect(event).toMatchObject({ 'sc-status': 200, 'cs-uri-stem': '/view/my/file.html' })
    expect(type.parse('2014-05-23\t01:13:11\tFRA2').failures[0]?.reason).toMatch(
      /^expected 9 columns, found 3/,
    )
  })

  it('is registered as a built-in log type', () => {
    expect(builtinLogTypes().find('AWS.CloudFrontAccess').name).toBe('AWS.CloudFrontAccess')
  })
})

describe('Cloudflare.Spectrum', () => {
  const event = {
    Application: '7ef659a2f8ef4810a9bade96fdad7c75',
    ClientAsn: 200391,
    ClientBytes: 2,
    ClientCountry: 'bg',
    ClientIP: '185.242.87.12',
    ClientMatchedIpFirewall: 'UNKNOWN',
    ClientPort: 41296,
    ClientProto: 'tcp',
    ClientTcpRtt: 0,
    ClientTlsCipher: 'UNK',
    ClientTlsClientHelloServerName: '',
    ClientTlsProtocol: 'unknown',
    ClientTlsStatus: 'UNKNOWN',
    ColoCode: 'SOF',
    ConnectTimestamp: '2021-03-02T09:41:07Z',
    DisconnectTimestamp: '2021-03-02T09:41:08Z',
    Event: 'disconnect',
    IpFirewall: false,
    OriginBytes: 0,
    OriginIP: '192.0.2.44',
    OriginPort: 22,
    OriginProto: 'tcp',
    OriginTcpRtt: 1000000,
    OriginTlsCipher: 'UNK',
    OriginTlsFingerprint: '',
    OriginTlsMode: 'off',
    OriginTlsProtocol: 'none',
    OriginTlsStatus: 'UNKNOWN',
    ProxyProtocol: 'off',
    Status: 0,
    Timestamp: '2021-03-02T09:41:08Z',
  }

  it('reads a disconnect event with both addresses as indicators', () => {
    expect(parseOne('Cloudflare.Spectrum', event)).toMatchObject({
      Event: 'disconnect',
      ClientPort: 41296,
      OriginTcpRtt: 1000000,
      p_event_time: '2021-03-02 09:41:08.000',
      p_any_ip_addresses: ['185.242.87.12', '192.0.2.44'],
    })
  })

  it('reads epoch nanosecond times, as Logpush jobs can send them', () => {
    const later = parseOne('Cloudflare.Spectrum', {
      ...event,
      Timestamp: 1614678068000000000,
      ZoneName: 'example.com',
    })
    expect(later.p_event_time).toBe('2021-03-02 09:41:08.000')
    // A field Cloudflare added later is kept as it arrives.
    expect(later.p_extra_fields).toEqual({ ZoneName: 'example.com' })
    expect(failureOf('Cloudflare.Spectrum', { ...event, Timestamp: undefined })).toBe(
      'missing required field Timestamp',
    )
  })
})
