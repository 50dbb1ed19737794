import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the AuditLog example of Zendesk's audit logs API reference.
const audit = {
  url: 'https://company.zendesk.com/api/v2/audit_logs/498483.json',
  id: 498483,
  action_label: 'Updated',
  actor_id: 1234,
  actor_name: 'Sameer Patel',
  source_id: 3456,
  source_type: 'user',
  source_label: 'John Doe',
  action: 'update',
  change_description: 'Role changed from Administrator to End User',
  ip_address: '209.119.38.228',
  created_at: '2026-03-04T05:06:07Z',
}

describe('Zendesk.Audit', () => {
  it('parses an audit log entry with its time and indicators', () => {
    const event = parseOne('Zendesk.Audit', audit)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_ip_addresses).toEqual(['209.119.38.228'])
    expect(event.p_any_usernames).toEqual(['Sameer Patel'])
    expect(event.p_any_domain_names).toEqual(['company.zendesk.com'])
  })

  it('reads the list envelope, optional parts absent', () => {
    const bare = { id: 2, action: 'login', created_at: '2026-03-04T06:00:00Z' }
    const outcome = parseAll('Zendesk.Audit', {
      audit_logs: [audit, bare],
      next_page: null,
      count: 2,
    })
    expect(outcome.failures).toEqual([])
    expect(outcome.events).toHaveLength(2)
  })

  it('refuses an entry with a non-numeric id', () => {
    expect(failureOf('Zendesk.Audit', { ...audit, id: 'abc' })).toBe(
      'field id: expected an integer, got "abc"',
    )
  })
})
