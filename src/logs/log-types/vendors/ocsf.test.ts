import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** OCSF DNS Activity and Network Activity, as Amazon Security Lake writes them. */

describe('OCSF.DnsActivity', () => {
  // A Route 53 Resolver query as Security Lake maps it to OCSF 1.1.
  const query = {
    metadata: {
      product: {
        version: '1.100000',
        name: 'Route 53',
        feature: { name: 'Resolver Query Logs' },
        vendor_name: 'AWS',
      },
      profiles: ['cloud'],
      version: '1.1.0',
    },
    cloud: { account: { uid: '111122223333' }, region: 'us-east-1', provider: 'AWS' },
    src_endpoint: {
      vpc_uid: 'vpc-0123',
      ip: '10.0.0.12',
      port: 53444,
      instance_uid: 'i-0123456789abcdef0',
    },
    time: 1700000000123,
    query: { hostname: 'example.com.', type: 'A', class: 'IN' },
    rcode: 'NoError',
    answers: [{ type: 'A', rdata: '93.184.216.34', class: 'IN' }],
    connection_info: { protocol_name: 'UDP', direction: 'Outbound', direction_id: 2 },
    dst_endpoint: { instance_uid: null, interface_uid: null },
    severity_id: 1,
    severity: 'Informational',
    class_name: 'DNS Activity',
    class_uid: 4003,
    category_name: 'Network Activity',
    category_uid: 4,
    rcode_id: 0,
    activity_id: 6,
    activity_name: 'Traffic',
    type_name: 'DNS Activity: Traffic',
    type_uid: 400306,
    disposition: 'Allowed',
    disposition_id: 1,
  }

  it('parses a resolver query', () => {
    expect(parseOne('OCSF.DnsActivity', query)).toMatchObject({
      class_uid: 4003,
      query: { hostname: 'example.com.' },
      p_event_time: '2023-11-14 22:13:20.123',
      p_any_ip_addresses: ['10.0.0.12', '93.184.216.34'],
      p_any_domain_names: ['example.com.'],
      p_any_aws_instance_ids: ['i-0123456789abcdef0'],
    })
  })

  it('refuses an event without its class', () => {
    expect(failureOf('OCSF.DnsActivity', without(query, 'class_uid'))).toBe(
      'missing required field class_uid',
    )
  })
})

describe('OCSF.NetworkActivity', () => {
  const flow = {
    metadata: {
      product: { name: 'Amazon VPC', vendor_name: 'AWS', version: '5' },
      version: '1.1.0',
    },
    cloud: { account: { uid: '111122223333' }, region: 'us-east-1', provider: 'AWS' },
    src_endpoint: { port: 443, ip: '203.0.113.10', vpc_uid: 'vpc-0123', interface_uid: 'eni-1' },
    dst_endpoint: { port: 51534, ip: '10.0.1.5' },
    connection_info: { protocol_num: 6, tcp_flags: 19, direction: 'Inbound', direction_id: 1 },
    traffic: { packets: 12, bytes: 5120 },
    time: 1700000060000,
    start_time: 1700000000000,
    end_time: 1700000060000,
    status_code: 'OK',
    severity_id: 1,
    class_uid: 4001,
    category_uid: 4,
    activity_id: 6,
    type_uid: 400106,
    action: 'Allowed',
    action_id: 1,
    disposition: 'Allowed',
  }

  it('parses a flow record', () => {
    expect(parseOne('OCSF.NetworkActivity', flow)).toMatchObject({
      src_endpoint: { ip: '203.0.113.10', port: 443 },
      traffic: { bytes: 5120 },
      start_time: '2023-11-14 22:13:20.000',
      p_event_time: '2023-11-14 22:14:20.000',
      p_any_ip_addresses: ['203.0.113.10', '10.0.1.5'],
    })
  })

  it('refuses an event whose time is not a time', () => {
    expect(failureOf('OCSF.NetworkActivity', { ...flow, time: 'later' })).toMatch(
      /^field time: expected timestamp/,
    )
  })
})
