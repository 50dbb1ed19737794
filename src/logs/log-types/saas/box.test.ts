import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the Event resource example of Box's API reference (an enterprise event).
const download = {
  type: 'event',
  event_id: 'f82c3ba03e41f7e8a7608363cc6c0390183c3f83',
  event_type: 'DOWNLOAD',
  created_at: '2026-01-12T10:00:00-08:00',
  recorded_at: '2026-01-12T10:00:01-08:00',
  created_by: { type: 'user', id: '11446498', name: 'Aaron Levie', login: 'ceo@example.com' },
  ip_address: '198.51.100.7',
  session_id: '70090280850c8d2a1933c1',
  source: {
    item_type: 'file',
    item_id: '11446498',
    item_name: 'Quarterly plan.pdf',
    owned_by: { type: 'user', id: '2', name: 'Owner', login: 'owner@example.com' },
  },
  additional_details: { size: 1024 },
}

describe('Box.Event', () => {
  it('parses an enterprise event with its time and indicators', () => {
    const event = parseOne('Box.Event', download)
    expect(event.p_event_time).toBe('2026-01-12 18:00:00.000')
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.7'])
    expect(event.p_any_emails).toEqual(['ceo@example.com', 'owner@example.com'])
    expect(event.p_any_usernames).toEqual(['Aaron Levie'])
  })

  it('reads the events API envelope', () => {
    const page = { chunk_size: 2, next_stream_position: '123', entries: [download, download] }
    const outcome = parseAll('Box.Event', page)
    expect(outcome.failures).toEqual([])
    expect(outcome.events).toHaveLength(2)
  })

  it('refuses an event without an id', () => {
    expect(failureOf('Box.Event', { ...download, event_id: '' })).toBe(
      'missing required field event_id',
    )
  })
})
