import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after a failed-login (type f) event as Auth0 custom log streams deliver it.
const failedLogin = {
  log_id: '90020260304050607123456789012345678901234567890123',
  data: {
    date: '2026-03-04T05:06:07.123Z',
    type: 'f',
    description: 'Wrong email or password.',
    connection: 'Username-Password-Authentication',
    connection_id: 'con_Abc123',
    client_id: 'AbCdEf123',
    client_name: 'Acme Portal',
    ip: '192.0.2.55',
    hostname: 'acme.us.auth0.com',
    user_id: 'auth0|64f0c0ffee',
    user_name: 'jdoe@example.com',
    user_agent: 'Chrome 122.0.0 / Mac OS X 14.3.0',
    strategy: 'auth0',
    strategy_type: 'database',
    details: { error: { message: 'Wrong email or password.' } },
    log_id: '90020260304050607123456789012345678901234567890123',
    tenant_name: 'acme',
  },
}

describe('Auth0.Events', () => {
  it('parses a log stream event with its time and indicators', () => {
    const event = parseOne('Auth0.Events', failedLogin)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.123')
    expect(event.p_any_ip_addresses).toEqual(['192.0.2.55'])
    expect(event.p_any_emails).toEqual(['jdoe@example.com'])
    expect(event.p_any_usernames).toEqual(['jdoe@example.com'])
    expect(event.p_any_domain_names).toEqual(['acme.us.auth0.com'])
  })

  it('keeps an event with only the required parts', () => {
    const event = parseOne('Auth0.Events', { data: { date: '2026-03-04T05:06:07Z', type: 's' } })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
  })

  it('refuses an event that is not wrapped in data', () => {
    expect(failureOf('Auth0.Events', failedLogin.data)).toBe('missing required field data')
  })
})
