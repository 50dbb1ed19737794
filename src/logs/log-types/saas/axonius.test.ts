import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the activity events Axonius forwards to SIEMs: the audit entry under `event`.
const failedLogin = {
  event: {
    action: 'AuditAction.LoginFrom',
    category: 'AuditCategory.UserSession',
    params: { ip: '203.0.113.44', status: 'failure' },
    type: 'user',
    user: 'denethor@example.com',
  },
  source: 'axonius',
  time: 1752690986.344609,
}

describe('Axonius.Activity', () => {
  it('parses a sign-in with its microsecond epoch time and indicators', () => {
    const event = parseOne('Axonius.Activity', failedLogin)
    expect(event.p_event_time).toBe('2025-07-16 18:36:26.344')
    expect(event.p_any_ip_addresses).toEqual(['203.0.113.44'])
    expect(event.p_any_emails).toEqual(['denethor@example.com'])
    expect(event.p_any_usernames).toEqual(['denethor@example.com'])
  })

  it('keeps action parameters it does not declare, and system events without a user', () => {
    const event = parseOne('Axonius.Activity', {
      event: {
        action: 'AuditAction.AddExternalUser',
        category: 'AuditCategory.UserManagement',
        params: { source: 'SAM-XYX', user_name: 'contractor@example.org', role: 'Viewer' },
        type: 'info',
      },
      source: 'axonius',
      time: 1747795144.253623,
    })
    expect(event.event).toMatchObject({
      params: { role: 'Viewer', user_name: 'contractor@example.org' },
    })
    expect(event.p_any_emails).toEqual(['contractor@example.org'])
  })

  it('accepts an empty params object', () => {
    const event = parseOne('Axonius.Activity', {
      event: {
        action: 'AuditAction.ResetApiKey',
        category: 'AuditCategory.Settings',
        params: {},
        type: 'user',
        user: 'boss@example.com',
      },
      source: 'axonius',
      time: 1752699243.486779,
    })
    expect(event.p_any_usernames).toEqual(['boss@example.com'])
  })

  it('refuses events another product sent in the same shape', () => {
    expect(failureOf('Axonius.Activity', { ...failedLogin, source: 'tailscale' })).toMatch(/source/)
  })
})
