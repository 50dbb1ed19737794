import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the audit log object example of OpenAI's API reference.
const keyCreated = {
  id: 'audit_log-xxx_yyyymmdd',
  type: 'api_key.created',
  effective_at: 1772600767,
  project: { id: 'proj_abc', name: 'Default Project' },
  actor: {
    type: 'session',
    session: {
      user: { id: 'user-xxx', email: 'user@example.com' },
      ip_address: '127.0.0.1',
      user_agent: 'Mozilla/5.0',
      ja3: 'a497151ce4338a12c4418c44d375173e',
      ip_address_details: { country: 'US', city: 'San Francisco' },
    },
  },
  'api_key.created': { id: 'key_xxxx', data: { scopes: ['resource.operation'] } },
}

describe('OpenAI.Audit', () => {
  it('parses an audit log event with its time, payload and indicators', () => {
    const event = parseOne('OpenAI.Audit', keyCreated)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event['api_key.created']).toEqual(keyCreated['api_key.created'])
    expect(event.p_any_ip_addresses).toEqual(['127.0.0.1'])
    expect(event.p_any_emails).toEqual(['user@example.com'])
  })

  it('reads the list envelope, with an API key actor', () => {
    const apiKeyActor = {
      id: 'audit_log-2',
      type: 'invite.sent',
      effective_at: 1772600800,
      actor: {
        type: 'api_key',
        api_key: { id: 'key_1', type: 'user', user: { id: 'u', email: 'admin@example.com' } },
      },
      'invite.sent': { id: 'invite-1', data: { email: 'new@example.com', role: 'owner' } },
    }
    const outcome = parseAll('OpenAI.Audit', {
      object: 'list',
      data: [keyCreated, apiKeyActor],
      has_more: false,
    })
    expect(outcome.failures).toEqual([])
    expect(outcome.events[1]?.p_any_emails).toEqual(['admin@example.com', 'new@example.com'])
  })

  it('refuses an event without a type', () => {
    expect(failureOf('OpenAI.Audit', { ...keyCreated, type: undefined })).toBe(
      'missing required field type',
    )
  })
})
