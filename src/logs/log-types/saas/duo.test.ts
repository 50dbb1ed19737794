import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the response examples of Duo's Admin API log endpoints.
const auth = {
  access_device: {
    browser: 'Chrome',
    browser_version: '122.0.0.0',
    hostname: null,
    ip: '169.232.89.219',
    is_encryption_enabled: 'true',
    is_firewall_enabled: 'true',
    is_password_set: 'true',
    location: { city: 'Ann Arbor', country: 'United States', state: 'Michigan' },
    os: 'Mac OS X',
    os_version: '14.3',
  },
  alias: '',
  application: { key: 'DIY231J8BR23QK4UKBY8', name: 'Microsoft Azure Active Directory' },
  auth_device: {
    ip: '192.168.225.254',
    location: { city: 'Ann Arbor', country: 'United States', state: 'Michigan' },
    name: 'My iPhone X (734-555-2342)',
  },
  email: 'narroway@example.com',
  event_type: 'authentication',
  factor: 'duo_push',
  isotimestamp: '2026-03-04T05:06:07.000000+00:00',
  reason: 'user_approved',
  result: 'success',
  timestamp: 1772600767,
  txid: '340a23e3-23f3-4ec5-8d37-7e2a4ee4b4c5',
  user: {
    groups: ['Duo Users', 'CorpHQ Users'],
    key: 'DU3KC77WJ06Y5HIV7XKQ',
    name: 'narroway@example.com',
  },
}
const admin = {
  action: 'user_update',
  description:
    '{"notes": "", "realname": "Joe Smith", "status": "Active", "email": "joe@example.com"}',
  isotimestamp: '2026-03-04T05:06:07+00:00',
  object: 'jsmith',
  timestamp: 1772600767,
  username: 'admin',
}

describe('Duo.Authentication', () => {
  it('parses an authentication log with its time and indicators', () => {
    const event = parseOne('Duo.Authentication', auth)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_ip_addresses).toEqual(['169.232.89.219', '192.168.225.254'])
    expect(event.p_any_emails).toEqual(['narroway@example.com'])
    expect(event.p_any_usernames).toEqual(['narroway@example.com'])
    expect(event.p_any_trace_ids).toEqual(['340a23e3-23f3-4ec5-8d37-7e2a4ee4b4c5'])
  })

  it('reads the authlogs envelope', () => {
    const outcome = parseAll('Duo.Authentication', {
      authlogs: [auth, auth],
      metadata: { total_objects: 2 },
    })
    expect(outcome.events).toHaveLength(2)
  })

  it('refuses a log without a result', () => {
    expect(failureOf('Duo.Authentication', { ...auth, result: undefined })).toBe(
      'missing required field result',
    )
  })
})

describe('Duo.Administrator', () => {
  it('parses an administrator log', () => {
    const event = parseOne('Duo.Administrator', admin)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_usernames).toEqual(['admin'])
    expect(event.description).toBe(admin.description)
  })

  it('refuses a log without an action', () => {
    expect(failureOf('Duo.Administrator', { ...admin, action: undefined })).toBe(
      'missing required field action',
    )
  })
})

describe('Duo.OfflineEnrollment', () => {
  it('parses an offline enrollment log', () => {
    const event = parseOne('Duo.OfflineEnrollment', {
      action: 'o2fa_user_provisioned',
      description:
        '{"user_agent": "DuoCredProv/4.0.6.413 (Windows NT 6.3.9600; x64; Server)", "hostname": "WKDEV-01", "factor": "duo_otp"}',
      isotimestamp: '2026-03-04T05:06:07+00:00',
      object: 'Acme Laptop Windows Logon',
      timestamp: 1772600767,
      username: 'narroway',
    })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_usernames).toEqual(['narroway'])
  })

  it('refuses a log with a bad time', () => {
    expect(failureOf('Duo.OfflineEnrollment', { ...admin, timestamp: 'soon' })).toBe(
      'field timestamp: expected timestamp (unix), got "soon"',
    )
  })
})

describe('Duo.Telephony', () => {
  it('parses v1 and v2 telephony logs', () => {
    const v1 = parseOne('Duo.Telephony', {
      context: 'authentication',
      credits: 1,
      isotimestamp: '2026-03-04T05:06:07+00:00',
      phone: '+15035550100',
      timestamp: 1772600767,
      type: 'sms',
    })
    expect(v1.p_event_time).toBe('2026-03-04 05:06:07.000')
    const v2 = parseOne('Duo.Telephony', {
      context: 'administrator login',
      credits: 0,
      phone: '+15035550100',
      telephony_id: '220b44a1-3a82-4a6a-a0c8-6f1e1b8e3f2f',
      ts: '2026-03-04T06:00:00.000000+00:00',
      txid: '2a0f7c6e-6f2a-4d8e-9f2a-0c8f6f1e1b8e',
      type: 'phone',
    })
    expect(v2.p_event_time).toBe('2026-03-04 06:00:00.000')
  })

  it('refuses a log without a type', () => {
    expect(failureOf('Duo.Telephony', { context: 'authentication', timestamp: 1772600767 })).toBe(
      'missing required field type',
    )
  })
})
