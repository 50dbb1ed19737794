import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../logs/index.js'
import { sniffLogTypes } from './sniff-log-types.js'

const trail = JSON.stringify({
  eventVersion: '1.09',
  eventTime: '2026-06-01T10:00:00Z',
  eventSource: 'ec2.amazonaws.com',
  eventName: 'DescribeInstances',
  awsRegion: 'us-east-1',
  eventID: 'e1',
  eventType: 'AwsApiCall',
  recipientAccountId: '111122223333',
  userIdentity: { type: 'IAMUser' },
})
const syslog = '<34>1 2026-06-01T10:00:00Z host1 sshd 42 ID47 - Failed password for bob'

describe('sniffLogTypes', () => {
  const logTypes = builtinLogTypes().list()

  it('gives each record to the schema declaring most of its fields, not a loose one', () => {
    const found = sniffLogTypes(logTypes, [trail, trail, syslog])
    expect(found.map((f) => f.logType)).toEqual(['AWS.CloudTrail', 'Syslog.RFC5424'])
    expect(found[0]).toMatchObject({ won: 2 })
    // A loose schema accepted the CloudTrail records too, keeping their fields as extras.
    const loose = logTypes.filter((t) => t.parse(trail).events.length > 0).map((t) => t.name)
    expect(loose.length).toBeGreaterThan(1)
  })

  it('finds nothing in text no log type reads', () => {
    expect(sniffLogTypes(logTypes, ['nothing any log type reads'])).toEqual([])
  })
})
