import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** VMware Carbon Black Cloud alerts and audit logs. */

describe('CarbonBlack.AlertV2', () => {
  // After the CB Analytics alert example of the Alerts v7 API.
  const alert = {
    org_key: 'ABCD1234',
    alert_url: 'https://defense.conferdeploy.net/alerts?s[c][query_string]=id:1b5b8b5a',
    id: '1b5b8b5a-5b4c-4a3e-9c8d-7e6f5a4b3c2d',
    type: 'CB_ANALYTICS',
    backend_timestamp: '2023-04-14T21:30:40.570Z',
    detection_timestamp: '2023-04-14T21:27:14.719Z',
    first_event_timestamp: '2023-04-14T21:21:42.193Z',
    last_event_timestamp: '2023-04-14T21:21:42.193Z',
    severity: 4,
    reason: 'The application powershell.exe invoked another application (net.exe).',
    reason_code: 'R_SUSP_INVOKE',
    device_id: 18118174,
    device_name: 'desktop-7lq8pq5.example.com',
    device_os: 'WINDOWS',
    device_username: 'EXAMPLE\\jdoe',
    device_external_ip: '203.0.113.91',
    device_internal_ip: '10.0.1.15',
    process_name: 'powershell.exe',
    process_sha256: '9785001b0dcf755eddb8af294a373c0b87b2498660f724e76c4d53f9c217c7a3',
    process_md5: '7353f60b1739074eb17c5f4dddefe239',
    process_cmdline: 'powershell.exe -c "net user"',
    run_state: 'RAN',
    sensor_action: 'ALLOW',
    workflow: { status: 'OPEN', changed_by_type: 'SYSTEM' },
  }

  it('parses a CB Analytics alert', () => {
    expect(parseOne('CarbonBlack.AlertV2', alert)).toMatchObject({
      severity: 4,
      device_id: 18118174,
      p_event_time: '2023-04-14 21:30:40.570',
      p_any_ip_addresses: ['203.0.113.91', '10.0.1.15'],
      p_any_sha256_hashes: ['9785001b0dcf755eddb8af294a373c0b87b2498660f724e76c4d53f9c217c7a3'],
      p_any_md5_hashes: ['7353f60b1739074eb17c5f4dddefe239'],
      p_any_usernames: ['EXAMPLE\\jdoe'],
      p_any_domain_names: ['defense.conferdeploy.net', 'desktop-7lq8pq5.example.com'],
    })
  })

  it('refuses an alert without its organization', () => {
    expect(failureOf('CarbonBlack.AlertV2', without(alert, 'org_key'))).toBe(
      'missing required field org_key',
    )
  })
})

describe('CarbonBlack.Audit', () => {
  // The audit log API example entry.
  const audit = {
    requestUrl: null,
    eventTime: 1529332687006,
    eventId: '37075c01730511e89504c9ba022c3fbf',
    loginName: 'bs@carbonblack.com',
    orgName: 'example.org',
    flagged: false,
    clientIp: '192.0.2.3',
    verbose: false,
    description: 'Logged in successfully',
  }

  it('parses the documented login entry', () => {
    expect(parseOne('CarbonBlack.Audit', audit)).toMatchObject({
      flagged: false,
      p_event_time: '2018-06-18 14:38:07.006',
      p_any_ip_addresses: ['192.0.2.3'],
      p_any_emails: ['bs@carbonblack.com'],
    })
  })

  it('refuses an entry with a time that is not epoch milliseconds', () => {
    expect(failureOf('CarbonBlack.Audit', { ...audit, eventTime: 'June' })).toMatch(
      /^field eventTime: expected timestamp/,
    )
  })
})
