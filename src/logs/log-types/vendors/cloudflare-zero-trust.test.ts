import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Cloudflare Zero Trust Logpush datasets: Gateway DNS, HTTP and network, Access requests. */

describe('Cloudflare.GatewayDNS', () => {
  const query = {
    AccountID: '023e105f4ecef8ad9ca31a8372d0c353',
    ColoCode: 'SJC',
    Datetime: '2024-05-06T07:08:09Z',
    DeviceID: '083a8354-d56c-11ed-9771-6a842b100cff',
    DstIP: '172.64.36.1',
    DstPort: 53,
    Email: 'Pat@Example.com',
    Location: 'HQ',
    PolicyName: 'Block malware',
    Protocol: 'https',
    QueryName: 'malware.example.net',
    QueryTypeName: 'A',
    RCode: 0,
    ResolvedIPs: ['198.51.100.99'],
    ResolverDecision: 'blockedByCategory',
    SrcIP: '203.0.113.7',
    SrcPort: 0,
  }

  it('parses a blocked query', () => {
    expect(parseOne('Cloudflare.GatewayDNS', query)).toMatchObject({
      ResolverDecision: 'blockedByCategory',
      p_event_time: '2024-05-06 07:08:09.000',
      p_any_domain_names: ['malware.example.net'],
      p_any_ip_addresses: ['198.51.100.99', '203.0.113.7', '172.64.36.1'],
      p_any_emails: ['pat@example.com'],
    })
  })

  it('reads a Datetime written in unix nanoseconds', () => {
    expect(
      parseOne('Cloudflare.GatewayDNS', { ...query, Datetime: 1714979289000000000 }).p_event_time,
    ).toBe('2024-05-06 07:08:09.000')
  })

  it('refuses a record without QueryName', () => {
    expect(failureOf('Cloudflare.GatewayDNS', without(query, 'QueryName'))).toBe(
      'missing required field QueryName',
    )
  })
})

describe('Cloudflare.GatewayHTTP and GatewayNetwork', () => {
  it('parses a blocked download', () => {
    const event = parseOne('Cloudflare.GatewayHTTP', {
      Action: 'block',
      Datetime: '2024-05-06T07:08:10Z',
      URL: 'https://files.example.org/payload.exe',
      HTTPHost: 'files.example.org',
      HTTPMethod: 'GET',
      HTTPStatusCode: 403,
      SourceIP: '203.0.113.7',
      DestinationIP: '198.51.100.50',
      Email: 'pat@example.com',
      BlockedFileHash: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
      BlockedFileReason: 'malware',
    })
    expect(event).toMatchObject({
      HTTPStatusCode: 403,
      p_any_domain_names: ['files.example.org'],
      p_any_sha256_hashes: ['275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f'],
    })
    expect(failureOf('Cloudflare.GatewayHTTP', { Datetime: '2024-05-06T07:08:10Z' })).toBe(
      'missing required field Action',
    )
  })

  it('parses an allowed network session', () => {
    expect(
      parseOne('Cloudflare.GatewayNetwork', {
        Action: 'allow',
        Datetime: '2024-05-06T07:08:11Z',
        SourceIP: '203.0.113.7',
        DestinationIP: '192.0.2.10',
        DestinationPort: 22,
        Transport: 'tcp',
        SNI: '',
      }),
    ).toMatchObject({ DestinationPort: 22, p_any_ip_addresses: ['203.0.113.7', '192.0.2.10'] })
  })
})

describe('Cloudflare.AccessRequests', () => {
  const login = {
    Action: 'login',
    Allowed: false,
    AppDomain: 'wiki.example.com',
    AppUUID: 'df7e2w5f-02b7-4d9d-af26-8d1988fca630',
    Connection: 'okta',
    Country: 'us',
    CreatedAt: 1714979292000000000,
    Email: 'pat@example.com',
    IPAddress: '203.0.113.7',
    RayID: '8800a1b2c3d4e5f6',
    UserUID: '166befbb-00e3-5e20-bd6e-27245723949f',
  }

  it('parses a denied login', () => {
    expect(parseOne('Cloudflare.AccessRequests', login)).toMatchObject({
      Allowed: false,
      p_event_time: '2024-05-06 07:08:12.000',
      p_any_ip_addresses: ['203.0.113.7'],
      p_any_domain_names: ['wiki.example.com'],
      p_any_emails: ['pat@example.com'],
    })
  })

  it('refuses a request without CreatedAt', () => {
    expect(failureOf('Cloudflare.AccessRequests', without(login, 'CreatedAt'))).toBe(
      'missing required field CreatedAt',
    )
  })
})
