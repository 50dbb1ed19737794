import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne, without } from './vendor-cases.js'

/** Sophos Central SIEM integration events and alerts. */

describe('Sophos.Central', () => {
  // After the events example of the Sophos SIEM integration API.
  const event = {
    when: '2024-01-30T10:11:12.123Z',
    created_at: '2024-01-30T10:11:15.456Z',
    id: '0f2b8c4a-6e1d-4c3b-9a8f-7e6d5c4b3a21',
    customer_id: 'c6b4a2e0-1111-2222-3333-444455556666',
    severity: 'high',
    type: 'Event::Endpoint::Threat::Detected',
    name: "Malware detected: 'EICAR-AV-Test' at 'C:\\Users\\jdoe\\Downloads\\eicar.com'",
    location: 'WS-042.corp.example.com',
    source: 'CORP\\jdoe',
    source_info: { ip: '10.0.3.44' },
    user_id: '5e1c2b3a4d5f6a7b8c9d0e1f',
    endpoint_id: '2a3b4c5d-6e7f-8091-a2b3-c4d5e6f70819',
    endpoint_type: 'computer',
    group: 'MALWARE',
    threat: 'EICAR-AV-Test',
    appSha256: '275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
  }

  it('parses a malware detection, bare and in an API page', () => {
    expect(parseOne('Sophos.Central', event)).toMatchObject({
      group: 'MALWARE',
      p_event_time: '2024-01-30 10:11:12.123',
      p_any_ip_addresses: ['10.0.3.44'],
      p_any_usernames: ['CORP\\jdoe'],
      p_any_sha256_hashes: ['275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f'],
    })
    const page = { has_more: false, items: [event], next_cursor: 'MHwyMDI0' }
    expect(parseAll('Sophos.Central', JSON.stringify(page)).events).toHaveLength(1)
  })

  it('refuses an event without its kind', () => {
    expect(failureOf('Sophos.Central', without(event, 'type'))).toBe('missing required field type')
  })
})
