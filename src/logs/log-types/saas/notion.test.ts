import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after a page export event as Notion's SIEM connection sends it.
const exported = {
  event: {
    id: '0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    timestamp: '2026-03-04T05:06:07.891Z',
    workspace_id: 'ea3c1a7e-0000-4000-8000-000000000001',
    actor: {
      id: '7f6e5d4c-0000-4000-8000-000000000002',
      object: 'user',
      type: 'person',
      person: { email: 'Ada@Example.com' },
    },
    ip_address: '203.0.113.200',
    platform: 'mac-desktop',
    type: 'page.exported',
    details: { target: { page_id: 'p1', type: 'page_id' }, export_type: 'markdown' },
  },
}

describe('Notion.AuditLogs', () => {
  it('parses an audit event with its time and indicators', () => {
    const event = parseOne('Notion.AuditLogs', exported)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.891')
    expect(event.p_any_emails).toEqual(['ada@example.com'])
    expect(event.p_any_ip_addresses).toEqual(['203.0.113.200'])
  })

  it('keeps an event without optional parts', () => {
    const bare = {
      ...exported.event,
      ip_address: undefined,
      platform: undefined,
      details: undefined,
    }
    const event = parseOne('Notion.AuditLogs', {
      event: { ...bare, actor: { id: 'b', object: 'user', type: 'bot' } },
    })
    expect(event.p_any_ip_addresses).toBeUndefined()
  })

  it('refuses an event without its type', () => {
    const untyped = { ...exported.event, type: undefined }
    expect(failureOf('Notion.AuditLogs', { event: untyped })).toBe(
      'missing required field event.type',
    )
  })
})
