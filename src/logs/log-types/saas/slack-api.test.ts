import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

/** Slack's team.accessLogs and team.integrationLogs Web API methods. */

const login = {
  user_id: 'U45678',
  username: 'alice',
  date_first: 1422922864,
  date_last: 1422922864,
  count: 1,
  ip: '127.0.0.1',
  user_agent: 'SlackWeb Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_2)',
  isp: 'BigCo ISP',
  country: 'US',
  region: 'CA',
}

describe('Slack.AccessLogs', () => {
  it('reads an entry: the latest access is the event time', () => {
    expect(
      parseOne('Slack.AccessLogs', { ...login, user_email: 'alice@example.com' }),
    ).toMatchObject({
      p_extra_fields: { user_email: 'alice@example.com' },
      date_first: '2015-02-03 00:21:04.000',
      p_event_time: '2015-02-03 00:21:04.000',
      p_any_ip_addresses: ['127.0.0.1'],
      p_any_usernames: ['alice'],
    })
  })

  it('reads the API response itself, one event per login', () => {
    const { events, failures } = parseAll('Slack.AccessLogs', {
      ok: true,
      logins: [login, { ...login, user_id: 'U12345', ip: '192.0.2.8', username: undefined }],
      paging: { count: 100, total: 2, page: 1, pages: 1 },
    })
    expect(failures).toEqual([])
    expect(events.map((e) => e.ip)).toEqual(['127.0.0.1', '192.0.2.8'])
    expect(failureOf('Slack.AccessLogs', { ...login, ip: undefined })).toBe(
      'missing required field ip',
    )
  })
})

describe('Slack.IntegrationLogs', () => {
  it('reads the documented example response: a service enabled, an app added, one disabled', () => {
    const { events, failures } = parseAll('Slack.IntegrationLogs', {
      ok: true,
      logs: [
        {
          service_id: '1234567890',
          service_type: 'Google Calendar',
          user_id: 'U1234ABCD',
          user_name: 'Johnny',
          channel: 'C1234567890',
          date: '1392163200',
          change_type: 'enabled',
          scope: 'incoming-webhook',
        },
        {
          app_id: '2345678901',
          app_type: 'Johnny App',
          user_id: 'U2345BCDE',
          user_name: 'Billy',
          date: '1392163201',
          change_type: 'added',
          scope: 'chat:write:user,channels:read',
        },
        {
          service_id: '3456789012',
          service_type: 'Airbrake',
          user_id: 'U3456CDEF',
          user_name: 'Joey',
          channel: 'C1234567890',
          date: '1392163202',
          change_type: 'disabled',
          reason: 'user',
          scope: 'incoming-webhook',
        },
      ],
      paging: { count: 3, total: 3, page: 1, pages: 1 },
    })
    expect(failures).toEqual([])
    expect(events.map((e) => [e.change_type, e.p_event_time])).toEqual([
      ['enabled', '2014-02-12 00:00:00.000'],
      ['added', '2014-02-12 00:00:01.000'],
      ['disabled', '2014-02-12 00:00:02.000'],
    ])
    expect(events[2]).toMatchObject({ reason: 'user', p_any_usernames: ['Joey'] })
    expect([events[0]?.app_id, events[1]?.service_id]).toEqual([undefined, undefined])
  })

  it('needs a change type; an access log entry is not an integration change', () => {
    expect(failureOf('Slack.IntegrationLogs', login)).toBe('missing required field date')
  })
})
