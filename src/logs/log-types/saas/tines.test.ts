import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the response example of Tines's GET /api/v1/audit_logs.
const record = {
  id: 1,
  created_at: '2026-03-04T05:06:07Z',
  updated_at: '2026-03-04T05:06:07Z',
  user_id: '1',
  user_email: 'alice@example.com',
  user_name: 'Alice Smith',
  tenant_id: '1',
  operation_name: 'CredentialUpdate',
  request_ip: '198.51.100.23',
  request_user_agent: 'Mozilla/5.0',
  inputs: { inputs: { id: 7, name: 'github_token' } },
}

describe('Tines.Audit', () => {
  it('parses an audit log record with its time and indicators', () => {
    const event = parseOne('Tines.Audit', record)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_emails).toEqual(['alice@example.com'])
    expect(event.p_any_usernames).toEqual(['Alice Smith'])
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.23'])
  })

  it('reads the list envelope', () => {
    const outcome = parseAll('Tines.Audit', {
      audit_logs: [record, { ...record, id: 2 }],
      meta: { count: 2 },
    })
    expect(outcome.events.map((e) => e.id)).toEqual([1, 2])
  })

  it('refuses a record without an operation', () => {
    expect(failureOf('Tines.Audit', { ...record, operation_name: undefined })).toBe(
      'missing required field operation_name',
    )
  })
})
