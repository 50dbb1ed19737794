import { describe, expect, it } from 'vitest'
import { failureOf, parseAll, parseOne, without } from './vendor-cases.js'

/** SentinelOne management console activities. */

describe('SentinelOne.Activity', () => {
  const activity = {
    accountId: '433241117337583618',
    accountName: 'Example Corp',
    activityType: 27,
    activityUuid: 'f2c4f8c0-13a6-4a8f-9a3e-4b7e6d5c4b3a',
    agentId: null,
    createdAt: '2024-02-01T10:11:12.345678Z',
    data: {
      accountName: 'Example Corp',
      fullScopeDetails: 'Account Example Corp',
      ipAddress: '198.51.100.5',
      role: 'Admin',
      source: 'mgmt',
      userScope: 'account',
      username: 'Jane Admin',
      userEmail: 'jane@example.com',
    },
    description: null,
    groupId: null,
    hash: null,
    id: '1885233582913847012',
    osFamily: null,
    primaryDescription: 'The management user Jane Admin logged in to the management console.',
    secondaryDescription: null,
    siteId: null,
    threatId: null,
    updatedAt: '2024-02-01T10:11:12.345678Z',
    userId: '1127777013917018543',
  }

  it('parses a login activity, bare and in an API page', () => {
    expect(parseOne('SentinelOne.Activity', activity)).toMatchObject({
      activityType: 27,
      p_event_time: '2024-02-01 10:11:12.345',
      p_any_ip_addresses: ['198.51.100.5'],
      p_any_emails: ['jane@example.com'],
    })
    const page = { data: [activity, activity], pagination: { nextCursor: null, totalItems: 2 } }
    expect(parseAll('SentinelOne.Activity', JSON.stringify(page)).events).toHaveLength(2)
  })

  it('refuses an activity without activityType', () => {
    expect(failureOf('SentinelOne.Activity', without(activity, 'activityType'))).toBe(
      'missing required field activityType',
    )
  })
})
