import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the response examples of Zoom's GET /report/activities and /report/operationlogs.
const signIn = {
  email: 'jchill@example.com',
  time: '2026-03-04T05:06:07Z',
  type: 'Sign in',
  ip_address: '192.0.2.1',
  client_type: 'Browser',
  version: '5.17.5',
}
const operation = {
  time: '2026-03-04T05:10:00Z',
  operator: 'admin@example.com',
  category_type: 'User',
  action: 'Update',
  operation_detail: 'Update User jchill@example.com - Role: from Member to Admin',
}

describe('Zoom.Activity', () => {
  it('parses a sign-in with its time and indicators', () => {
    const event = parseOne('Zoom.Activity', signIn)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_emails).toEqual(['jchill@example.com'])
    expect(event.p_any_ip_addresses).toEqual(['192.0.2.1'])
  })

  it('reads the report envelope', () => {
    const page = {
      from: '2026-03-01',
      to: '2026-03-04',
      next_page_token: '',
      page_size: 30,
      activity_logs: [signIn, { ...signIn, type: 'Sign out', ip_address: undefined }],
    }
    const outcome = parseAll('Zoom.Activity', page)
    expect(outcome.failures).toEqual([])
    expect(outcome.events.map((e) => e.type)).toEqual(['Sign in', 'Sign out'])
  })

  it('refuses an activity without a user', () => {
    expect(failureOf('Zoom.Activity', { ...signIn, email: undefined })).toBe(
      'missing required field email',
    )
  })
})

describe('Zoom.Operation', () => {
  it('parses an operation log with its time and indicators', () => {
    const event = parseOne('Zoom.Operation', operation)
    expect(event.p_event_time).toBe('2026-03-04 05:10:00.000')
    expect(event.p_any_emails).toEqual(['admin@example.com'])
    expect(event.operation_detail).toBe(operation.operation_detail)
  })

  it('reads the report envelope', () => {
    const outcome = parseAll('Zoom.Operation', { operation_logs: [operation], next_page_token: '' })
    expect(outcome.events).toHaveLength(1)
  })

  it('refuses an operation with a bad time', () => {
    expect(failureOf('Zoom.Operation', { ...operation, time: 'now' })).toBe(
      'field time: expected timestamp (rfc3339), got "now"',
    )
  })
})
