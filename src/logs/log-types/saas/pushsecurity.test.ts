import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the entity, control and activity payloads of Push Security's webhooks (v1).
const employee = {
  email: 'john.hill@example.com',
  firstName: 'John',
  lastName: 'Hill',
  id: '2a2197de-ad2c-47e4-8dcb-fb0f04cf83e0',
}
const account = {
  appType: 'ATLASSIAN',
  email: 'john.hill@example.com',
  id: 'd6a32ba5-0532-4a66-8137-48cdf409c972',
  mfaRegistered: true,
  mfaMethods: ['APP_TOTP', 'SMS_OTP'],
}

describe('PushSecurity.Entities', () => {
  it('parses a new account with its time and indicators', () => {
    const event = parseOne('PushSecurity.Entities', {
      id: 'c478966c-f927-411c-b919-179832d3d50c',
      new: account,
      old: null,
      object: 'ACCOUNT',
      timestamp: 1772600767,
      type: 'CREATE',
      version: '1',
    })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_emails).toEqual(['john.hill@example.com'])
    expect(event.new).toEqual(account)
  })

  it('refuses an event without an object kind', () => {
    expect(failureOf('PushSecurity.Entities', { id: 'x', timestamp: 1772600767 })).toBe(
      'missing required field object',
    )
  })
})

describe('PushSecurity.Activity', () => {
  it('parses a phishing detection with its indicators', () => {
    const event = parseOne('PushSecurity.Activity', {
      id: 'a1',
      new: {
        appType: 'OKTA',
        browser: 'CHROME',
        employee,
        mode: 'BLOCK',
        sourceIpAddress: '8.158.25.38',
        url: 'https://login.evil.example/okta.php',
      },
      object: 'PASSWORD_PHISHING',
      timestamp: 1772600767.5,
      version: '1',
    })
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.500')
    expect(event.p_any_ip_addresses).toEqual(['8.158.25.38'])
    expect(event.p_any_domain_names).toEqual(['login.evil.example'])
    expect(event.p_any_emails).toEqual(['john.hill@example.com'])
  })

  it('refuses an event with a bad time', () => {
    expect(failureOf('PushSecurity.Activity', { id: 'a', object: 'LOGIN', timestamp: 'now' })).toBe(
      'field timestamp: expected timestamp (unix or rfc3339), got "now"',
    )
  })
})

describe('PushSecurity.Controls', () => {
  it('parses an MFA enforcement event', () => {
    const event = parseOne('PushSecurity.Controls', {
      id: 'c1',
      new: { action: 'ENFORCED', appType: 'GITHUB', employee },
      object: 'MFA_ENFORCEMENT',
      timestamp: 1772600767,
      version: '1',
    })
    expect(event.object).toBe('MFA_ENFORCEMENT')
    expect(event.p_any_emails).toEqual(['john.hill@example.com'])
  })

  it('refuses an event without an id', () => {
    expect(failureOf('PushSecurity.Controls', { object: 'X', timestamp: 1772600767 })).toBe(
      'missing required field id',
    )
  })
})
