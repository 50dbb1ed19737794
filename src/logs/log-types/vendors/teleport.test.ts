import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Teleport (Gravitational) audit events. */

describe('Gravitational.TeleportAudit', () => {
  // The session.start example of the Teleport audit event reference.
  const sessionStart = {
    'addr.local': '172.31.28.130:3022',
    'addr.remote': '151.181.228.114:51454',
    code: 'T2000I',
    ei: 0,
    event: 'session.start',
    login: 'root',
    namespace: 'default',
    server_addr: '172.31.28.130:3022',
    server_hostname: 'ip-172-31-28-130',
    server_id: 'd3ddd1f8-b602-488b-00c66e29879f',
    sid: '56408539-6536-11e9-80a1-427cfde50f5a',
    size: '80:25',
    time: '2019-04-22T00:49:03Z',
    uid: '84c07a99-856c-419f-9de5-15560451a116',
    user: 'admin@example.com',
    cluster_name: 'teleport.example.com',
  }

  it('parses a session start', () => {
    expect(parseOne('Gravitational.TeleportAudit', sessionStart)).toMatchObject({
      'addr.remote': '151.181.228.114:51454',
      p_event_time: '2019-04-22 00:49:03.000',
      p_any_usernames: ['admin@example.com', 'root'],
      p_any_trace_ids: ['56408539-6536-11e9-80a1-427cfde50f5a'],
    })
  })

  it('refuses an event without its kind', () => {
    expect(failureOf('Gravitational.TeleportAudit', without(sessionStart, 'event'))).toBe(
      'missing required field event',
    )
  })
})
