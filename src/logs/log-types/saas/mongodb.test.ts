import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne } from './parse-helpers.js'

// Shaped after the EventViewForOrg / EventViewForNdsGroup examples of the Atlas Administration API.
const orgEvent = {
  id: '5d6d3c4a79358e6b1c6f1b2a',
  created: '2026-03-04T05:06:07Z',
  eventTypeName: 'INVITED_TO_ORG',
  orgId: '32b6e34b3d91647abb20e7b8',
  userId: '6f4b1c2d3e4f5a6b7c8d9e0f',
  username: 'admin@example.com',
  targetUsername: 'contractor@partner.example',
  remoteAddress: '216.172.40.186',
  isGlobalAdmin: false,
  links: [{ href: 'https://cloud.mongodb.com/api/atlas/v2/orgs/32b6/events/5d6d', rel: 'self' }],
}
const projectEvent = {
  id: '5d6d3c4a79358e6b1c6f1b2b',
  created: '2026-03-04T06:00:00Z',
  eventTypeName: 'NETWORK_PERMISSION_ENTRY_ADDED',
  groupId: '32b6e34b3d91647abb20e7b9',
  orgId: '32b6e34b3d91647abb20e7b8',
  publicKey: 'zmmrboas',
  apiKeyId: '5d1d12c087d9d63e6d682438',
  remoteAddress: '198.51.100.9',
  whitelistEntry: '0.0.0.0/0',
}

describe('MongoDB.OrganizationEvent', () => {
  it('parses an organization event with its time and indicators', () => {
    const event = parseOne('MongoDB.OrganizationEvent', orgEvent)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(event.p_any_emails).toEqual(['admin@example.com', 'contractor@partner.example'])
    expect(event.p_any_ip_addresses).toEqual(['216.172.40.186'])
  })

  it('reads the results envelope', () => {
    const outcome = parseAll('MongoDB.OrganizationEvent', { results: [orgEvent], totalCount: 1 })
    expect(outcome.events).toHaveLength(1)
  })

  it('refuses an event without a type name', () => {
    expect(failureOf('MongoDB.OrganizationEvent', { ...orgEvent, eventTypeName: undefined })).toBe(
      'missing required field eventTypeName',
    )
  })
})

describe('MongoDB.ProjectEvent', () => {
  it('parses a project event made with an API key', () => {
    const event = parseOne('MongoDB.ProjectEvent', projectEvent)
    expect(event.p_event_time).toBe('2026-03-04 06:00:00.000')
    expect(event.whitelistEntry).toBe('0.0.0.0/0')
    expect(event.p_any_ip_addresses).toEqual(['198.51.100.9'])
  })

  it('refuses an event with a bad time', () => {
    expect(failureOf('MongoDB.ProjectEvent', { ...projectEvent, created: 'never' })).toBe(
      'field created: expected timestamp (rfc3339), got "never"',
    )
  })
})
