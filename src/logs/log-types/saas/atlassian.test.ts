import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the event example of the Atlassian Organizations REST API (GET /v1/orgs/{orgId}/events).
const event = {
  id: '3f1a2c6e-5b8d-4e21-9c47-0a1b2c3d4e5f',
  type: 'events',
  attributes: {
    time: '2026-05-06T07:08:09.000Z',
    action: 'user_granted_role',
    actor: {
      id: '5b10ac8d82e05b22cc7d4ef5',
      name: 'Jane Admin',
      email: 'jane.admin@example.com',
      links: { self: 'https://api.atlassian.com/users/5b10ac8d82e05b22cc7d4ef5/manage/profile' },
    },
    context: [
      {
        id: '5b10ac8d82e05b22cc7d4ef6',
        type: 'users',
        attributes: { email: 'new.hire@example.com', displayName: 'New Hire' },
      },
    ],
    container: [{ id: 'org-1', type: 'organizations', attributes: { siteHostName: 'acme' } }],
    location: { ip: '203.0.113.44', geo: 'Sydney, Australia', countryName: 'Australia' },
  },
  links: { self: 'https://api.atlassian.com/admin/v1/orgs/org-1/events/3f1a2c6e' },
}

describe('Atlassian.Audit', () => {
  it('parses an organization event with its time and indicators', () => {
    const parsed = parseOne('Atlassian.Audit', event)
    expect(parsed.p_event_time).toBe('2026-05-06 07:08:09.000')
    expect(parsed.p_any_ip_addresses).toEqual(['203.0.113.44'])
    expect(parsed.p_any_emails).toEqual(['jane.admin@example.com', 'new.hire@example.com'])
    expect(parsed.p_any_usernames).toEqual(['Jane Admin'])
    expect(parsed.p_any_domain_names).toEqual(['api.atlassian.com'])
  })

  it('reads the API page envelope, optional parts absent', () => {
    const bare = {
      id: 'e2',
      attributes: { time: '2026-05-06T08:00:00Z', action: 'api_token_created' },
    }
    const outcome = parseAll('Atlassian.Audit', { data: [event, bare], meta: { next: null } })
    expect(outcome.failures).toEqual([])
    expect(outcome.events).toHaveLength(2)
    expect(outcome.events[1]?.p_event_time).toBe('2026-05-06 08:00:00.000')
  })

  it('refuses an event without an action', () => {
    expect(
      failureOf('Atlassian.Audit', { id: 'e3', attributes: { time: '2026-05-06T08:00:00Z' } }),
    ).toBe('missing required field attributes.action')
  })
})
