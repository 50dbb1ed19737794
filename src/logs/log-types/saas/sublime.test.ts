import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after Sublime Security's exported audit log and message event records.
const deactivated = {
  id: '084732e5-7704-4bbe-ab5a-77f1aa65a737',
  type: 'message_source.deactivate_mailboxes',
  created_at: '2026-03-04T05:06:07.237078Z',
  created_by: {
    id: 'cd3aedfe-a61f-4e0e-ba30-14dcc7883316',
    email_address: 'john.doe@example.com',
    first_name: 'John',
    last_name: 'Doe',
    role: 'admin',
    active: true,
  },
  data: {
    request: {
      id: '73444211-31af-42d8-99b4-34a139cf7d4a',
      authentication_method: 'user_session',
      ip: '198.51.100.4',
      method: 'POST',
      path: '/v1/message-sources/febb5bf4/deactivate',
      body: '{"mailbox_ids":["493c6e21"]}',
      query: {},
    },
  },
}
const flagged = {
  type: 'message.flagged',
  created_at: '2026-03-04T05:06:07.302769Z',
  data: {
    flagged_rules: [{ id: 'b0ab266f', name: 'Credential phishing: engaging language' }],
    message: {
      id: '019224ec-aba6-763d-bb2e-cd4cbd40a29f',
      canonical_id: 'fb8b46e3317ac7d5036c6b21517d363634293c6d4f6bf1b1e67548c80948a1c6',
      external_id: 'b86b1e58',
      mailbox: { id: '624c8394', email: 'victim@example.com' },
      message_source_id: '91956379',
    },
  },
}

describe('Sublime.Audit', () => {
  it('parses an audit event with its time and indicators', () => {
    const event = parseOne('Sublime.Audit', deactivated)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.237')
    expect(event.p_any_emails).toEqual(['john.doe@example.com'])
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.4'])
  })

  it('refuses an event without a type', () => {
    expect(failureOf('Sublime.Audit', { ...deactivated, type: '' })).toBe(
      'missing required field type',
    )
  })
})

describe('Sublime.MessageEvent', () => {
  it('parses a flagged message with its hash and mailbox', () => {
    const event = parseOne('Sublime.MessageEvent', flagged)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.302')
    expect(event.p_any_sha256_hashes).toEqual([flagged.data.message.canonical_id])
    expect(event.p_any_emails).toEqual(['victim@example.com'])
  })

  it('refuses an event with a bad time', () => {
    expect(failureOf('Sublime.MessageEvent', { ...flagged, created_at: 'x' })).toBe(
      'field created_at: expected timestamp (rfc3339), got "x"',
    )
  })
})
