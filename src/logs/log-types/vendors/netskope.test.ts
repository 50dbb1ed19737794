import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne, without } from './vendor-cases.js'

/** Netskope admin audit events. */

describe('Netskope.Audit', () => {
  const audit = {
    _id: 'e4e3b0b1c2d3e4f5a6b7c8d9',
    _insertion_epoch_timestamp: 1712345679,
    timestamp: 1712345678,
    type: 'admin_audit_logs',
    user: 'admin@example.com',
    audit_log_event: 'Login Successful',
    supporting_data: { data_type: 'user', data_values: ['198.51.100.70', 'admin@example.com'] },
    organization_unit: '',
    severity_level: 2,
    ur_normalized: 'admin@example.com',
    ccl: 'unknown',
    count: 1,
  }

  it('parses a login event, bare and in an API response', () => {
    expect(parseOne('Netskope.Audit', audit)).toMatchObject({
      severity_level: 2,
      p_event_time: '2024-04-05 19:34:38.000',
      p_any_ip_addresses: ['198.51.100.70'],
      p_any_emails: ['admin@example.com'],
      p_any_usernames: ['admin@example.com'],
    })
    const response = parseAll('Netskope.Audit', JSON.stringify({ ok: 1, result: [audit] }))
    expect(response.events).toHaveLength(1)
  })

  it('refuses an event without its action', () => {
    expect(failureOf('Netskope.Audit', without(audit, 'audit_log_event'))).toBe(
      'missing required field audit_log_event',
    )
  })
})
