import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the response example of OneLogin's GET /api/1/events.
const login = {
  id: 999999999,
  created_at: '2026-03-04T05:06:07.000Z',
  account_id: 123456,
  user_id: 88888888,
  event_type_id: 5,
  notes: null,
  ipaddr: '11.111.11.111',
  actor_user_id: 88888888,
  assuming_acting_user_id: null,
  role_id: null,
  app_id: null,
  group_id: null,
  otp_device_id: null,
  policy_id: null,
  actor_system: '',
  custom_message: null,
  role_name: null,
  app_name: null,
  group_name: null,
  actor_user_name: 'Xavier Wong',
  user_name: 'Xavier Wong',
  policy_name: null,
  otp_device_name: null,
  operation_name: null,
  directory_sync_run_id: null,
  directory_id: null,
  resolution: null,
  client_id: null,
  resource_type_id: null,
  error_description: null,
}

describe('OneLogin.Events', () => {
  it('parses an event with its time and indicators', () => {
    const event = parseOne('OneLogin.Events', login)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_ip_addresses).toEqual(['11.111.11.111'])
    expect(event.p_any_usernames).toEqual(['Xavier Wong'])
    expect(event.event_type_id).toBe(5)
  })

  it('reads the data envelope', () => {
    const outcome = parseAll('OneLogin.Events', {
      status: { code: 200 },
      pagination: {},
      data: [login],
    })
    expect(outcome.events).toHaveLength(1)
  })

  it('refuses an event without a type', () => {
    expect(failureOf('OneLogin.Events', { ...login, event_type_id: undefined })).toBe(
      'missing required field event_type_id',
    )
  })
})
