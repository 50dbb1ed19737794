import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the TeamEvent example of Dropbox's team_log/get_events documentation.
const sharing = {
  timestamp: '2026-02-03T04:05:06Z',
  event_category: { '.tag': 'sharing' },
  actor: {
    '.tag': 'user',
    user: {
      '.tag': 'team_member',
      account_id: 'dbid:AAHgR8xsQP48a5DQUGPo-Vxsrjd0OByVmho',
      display_name: 'John Smith',
      email: 'john.smith@example.com',
      team_member_id: 'dbmid:AAFoi-tmvRuQR0jU-3fN4B-9nZo6nHcDO9Q',
    },
  },
  origin: {
    geo_location: {
      city: 'San Francisco',
      region: 'California',
      country: 'US',
      ip_address: '45.56.78.100',
    },
    access_method: { '.tag': 'end_user', end_user: { '.tag': 'web', session_id: 'dbwsid:123' } },
  },
  involve_non_team_member: true,
  context: {
    '.tag': 'team_member',
    account_id: 'dbid:AAH',
    display_name: 'John Smith',
    email: 'john.smith@example.com',
  },
  participants: [
    { '.tag': 'user', user: { '.tag': 'non_team_member', email: 'guest@partner.example' } },
  ],
  assets: [{ '.tag': 'file', path: { contextual: '/Plans/q3.docx' }, display_name: 'q3.docx' }],
  event_type: {
    '.tag': 'shared_content_add_member',
    description: 'Added users and/or groups to shared file/folder',
  },
  details: {
    '.tag': 'shared_content_add_member_details',
    shared_content_access_level: { '.tag': 'viewer' },
  },
}

describe('Dropbox.TeamEvent', () => {
  it('parses a team event with its time and indicators', () => {
    const event = parseOne('Dropbox.TeamEvent', sharing)
    expect(event.p_event_time).toBe('2026-02-03 04:05:06.000')
    expect(event.event_type).toEqual({
      '.tag': 'shared_content_add_member',
      description: 'Added users and/or groups to shared file/folder',
    })
    expect(event.p_any_ip_addresses).toEqual(['45.56.78.100'])
    expect(event.p_any_emails).toEqual(['john.smith@example.com', 'guest@partner.example'])
    expect(event.p_any_usernames).toEqual(['John Smith'])
  })

  it('reads the get_events envelope, optional parts absent', () => {
    const bare = { timestamp: '2026-02-03T05:00:00Z', event_type: { '.tag': 'login_success' } }
    const outcome = parseAll('Dropbox.TeamEvent', {
      events: [sharing, bare],
      cursor: 'x',
      has_more: false,
    })
    expect(outcome.failures).toEqual([])
    expect(outcome.events).toHaveLength(2)
  })

  it('refuses an event without a type', () => {
    expect(failureOf('Dropbox.TeamEvent', { timestamp: '2026-02-03T05:00:00Z' })).toBe(
      'missing required field event_type',
    )
  })
})
