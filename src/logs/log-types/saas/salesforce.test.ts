import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the LoginAs event type of Salesforce's EventLogFile reference (one row as JSON).
const loginAs = {
  EVENT_TYPE: 'LoginAs',
  TIMESTAMP: '20260304050607.123',
  REQUEST_ID: '3nWgxWbDKWWDIk0FKfF5DV',
  ORGANIZATION_ID: '00D000000000123',
  USER_ID: '00530000009M943',
  DELEGATED_USER_ID: '00530000009M944',
  DELEGATED_USER_NAME: 'admin@company.example',
  CLIENT_IP: '96.43.144.26',
  LOGIN_KEY: 'GeJCsym5eyvtEK2I',
  RUN_TIME: '50',
  CPU_TIME: '20',
  USER_ID_DERIVED: '00530000009M943AAA',
}

// A LoginEventStream event as Salesforce Event Relay publishes it to EventBridge.
const relayed = {
  version: '0',
  id: 'c3f2a1b0-0000-4000-8000-000000000001',
  'detail-type': 'LoginEventStream',
  source: 'aws.partner/salesforce.com/00D000000000123/0YLxx0000000001',
  account: '111122223333',
  time: '2026-03-04T05:06:07Z',
  region: 'us-east-1',
  resources: [],
  detail: {
    payload: {
      EventDate: 1772600767000,
      EventIdentifier: 'e1',
      Username: 'jane@company.example',
      SourceIp: '203.0.113.77',
      LoginType: 'Application',
      Status: 'Success',
    },
    schemaId: 'abc123',
    id: 'f6a5b4c3',
  },
}

describe('Salesforce.LoginAs', () => {
  it('parses a LoginAs row with its time and indicators', () => {
    const event = parseOne('Salesforce.LoginAs', loginAs)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.123')
    expect(event.p_any_ip_addresses).toEqual(['96.43.144.26'])
    expect(event.p_any_emails).toEqual(['admin@company.example'])
    expect(event.RUN_TIME).toBe(50)
  })

  it('refuses a row without its timestamp', () => {
    expect(failureOf('Salesforce.LoginAs', { ...loginAs, TIMESTAMP: undefined })).toBe(
      'missing required field TIMESTAMP',
    )
  })
})

describe('Salesforce.RealtimeEvent', () => {
  it('parses a relayed event with its time and indicators', () => {
    const event = parseOne('Salesforce.RealtimeEvent', relayed)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_ip_addresses).toEqual(['203.0.113.77'])
    expect(event.p_any_emails).toEqual(['jane@company.example'])
    expect(event.p_any_aws_account_ids).toEqual(['111122223333'])
  })

  it('refuses an event without a payload', () => {
    expect(failureOf('Salesforce.RealtimeEvent', { ...relayed, detail: { schemaId: 'x' } })).toBe(
      'missing required field detail.payload',
    )
  })
})
