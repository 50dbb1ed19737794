import { describe, expect, it } from 'vitest'
import { failureOf, parseOne } from './parse-helpers.js'

// Shaped after the audit log entries of Snyk's group and organization audit API.
const groupEvent = {
  groupId: '4a18d42f-0706-4ad0-b127-24078731fbed',
  orgId: null,
  userId: 'a3dc2c7c-0000-4000-8000-000000000003',
  projectId: null,
  event: 'group.user.add',
  content: { userPublicId: 'u1', role: 'admin', email: 'new.admin@example.com' },
  created: '2026-03-04T05:06:07.123Z',
}

describe('Snyk.GroupAudit', () => {
  it('parses a group audit event with its time and indicators', () => {
    const event = parseOne('Snyk.GroupAudit', groupEvent)
    expect(event.p_event_time).toBe('2026-03-04 05:06:07.123')
    expect(event.event).toBe('group.user.add')
    expect(event.p_any_emails).toEqual(['new.admin@example.com'])
  })

  it('refuses an event without a name', () => {
    expect(failureOf('Snyk.GroupAudit', { ...groupEvent, event: '' })).toBe(
      'missing required field event',
    )
  })
})

describe('Snyk.OrgAudit', () => {
  it('parses an organization audit event', () => {
    const event = parseOne('Snyk.OrgAudit', {
      groupId: groupEvent.groupId,
      orgId: 'c1d2e3f4-0000-4000-8000-000000000004',
      userId: groupEvent.userId,
      projectId: 'p-1',
      event: 'org.project.ignore.create',
      content: { issueId: 'SNYK-JS-LODASH-567746', reason: 'not reachable' },
      created: '2026-03-04T06:00:00Z',
    })
    expect(event.p_event_time).toBe('2026-03-04 06:00:00.000')
    expect(event.projectId).toBe('p-1')
  })

  it('refuses an event with a bad time', () => {
    expect(failureOf('Snyk.OrgAudit', { ...groupEvent, created: 'Tuesday' })).toBe(
      'field created: expected timestamp (rfc3339), got "Tuesday"',
    )
  })
})
