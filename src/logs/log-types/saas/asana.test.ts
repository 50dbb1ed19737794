import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the AuditLogEvent example of Asana's audit log API reference.
const login = {
  gid: '1204516870436201',
  created_at: '2026-03-04T05:06:07.123Z',
  event_type: 'user_login_succeeded',
  event_category: 'logins',
  actor: {
    actor_type: 'user',
    gid: '1111',
    name: 'Greg Sanchez',
    email: 'gregsanchez@example.com',
  },
  resource: {
    resource_type: 'user',
    gid: '1111',
    name: 'Greg Sanchez',
    email: 'gregsanchez@example.com',
  },
  details: { method: ['ONE_FACTOR', 'SAML'] },
  context: {
    context_type: 'web',
    client_ip_address: '198.51.100.12',
    user_agent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)',
  },
}

describe('Asana.Audit', () => {
  it('parses an audit log event with its time and indicators', () => {
    const event = parseOne('Asana.Audit', login)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.123')
    expect(event.event_type).toBe('user_login_succeeded')
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.12'])
    expect(event.p_any_emails).toEqual(['gregsanchez@example.com'])
    expect(event.p_any_usernames).toEqual(['Greg Sanchez'])
  })

  it('reads the API page envelope and keeps events with optional parts absent', () => {
    const minimal = {
      gid: '2',
      created_at: '2026-03-04T06:00:00Z',
      event_type: 'task_deleted',
      extra_field: 1,
    }
    const page = { data: [login, minimal], next_page: { offset: 'abc' } }
    const outcome = parseAll('Asana.Audit', page)
    expect(outcome.failures).toEqual([])
    expect(outcome.events.map((e) => e.event_type)).toEqual([
      'user_login_succeeded',
      'task_deleted',
    ])
    expect(outcome.events[1]?.p_any_ip_addresses).toBeUndefined()
  })

  it('refuses an event without its time', () => {
    expect(failureOf('Asana.Audit', { ...login, created_at: undefined })).toBe(
      'missing required field created_at',
    )
    expect(failureOf('Asana.Audit', { ...login, created_at: 'last week' })).toBe(
      'field created_at: expected timestamp (rfc3339), got "last week"',
    )
  })
})
