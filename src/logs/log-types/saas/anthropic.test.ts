import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the response example of Anthropic's Compliance API activity feed.
const chatCreated = {
  id: 'activity_01XyDMpzjS89pFZXqSFUBDr6',
  created_at: '2026-04-10T08:09:10Z',
  organization_id: 'org_01Wv6QeBcDfGhJkLmNpQrSt8',
  organization_uuid: 'abcdef01-2345-6789-abcd-ef0123456789',
  actor: {
    type: 'user_actor',
    email_address: 'user@example.com',
    user_id: 'user_01TuVwXyZaBcDeFgH2JkLmN4',
    ip_address: '192.0.2.34',
    user_agent: 'Mozilla/5.0',
  },
  type: 'claude_chat_created',
}

describe('Anthropic.Activity', () => {
  it('parses an activity with its time and indicators', () => {
    const event = parseOne('Anthropic.Activity', chatCreated)
    expect(event.p_event_time).toBe('2026-04-10 08:09:10.000')
    expect(event.p_any_emails).toEqual(['user@example.com'])
    expect(event.p_any_ip_addresses).toEqual(['192.0.2.34'])
  })

  it('reads the activity feed envelope', () => {
    const outcome = parseAll('Anthropic.Activity', {
      data: [chatCreated],
      has_more: false,
      last_id: 'x',
    })
    expect(outcome.events).toHaveLength(1)
  })

  it('refuses an activity without a type', () => {
    expect(failureOf('Anthropic.Activity', { ...chatCreated, type: undefined })).toBe(
      'missing required field type',
    )
  })
})
