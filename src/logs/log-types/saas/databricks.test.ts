import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the example audit log events of Databricks' audit log reference.
const login = {
  version: '2.0',
  auditLevel: 'ACCOUNT_LEVEL',
  timestamp: 1772600767891,
  orgId: '0',
  sourceIPAddress: '10.2.91.100',
  userAgent: 'curl/7.64.1',
  sessionId: 'f836a03a-d360-4792-b081-baba525324312',
  userIdentity: { email: 'user@example.com' },
  serviceName: 'accounts',
  actionName: 'login',
  requestId: '0d2b7a7e-0000-4000-8000-000000000005',
  requestParams: { user: 'user@example.com' },
  response: { statusCode: 200, errorMessage: null, result: null },
  accountId: '3c6b1e2a-0000-4000-8000-000000000006',
}

describe('Databricks.Audit', () => {
  it('parses an audit event with its time and indicators', () => {
    const event = parseOne('Databricks.Audit', login)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.891')
    expect(event.p_any_ip_addresses).toEqual(['10.2.91.100'])
    expect(event.p_any_emails).toEqual(['user@example.com'])
    expect(event.response).toMatchObject({ statusCode: 200 })
  })

  it('refuses an event without an action', () => {
    expect(failureOf('Databricks.Audit', { ...login, actionName: undefined })).toBe(
      'missing required field actionName',
    )
  })
})
