import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { builtinLogTypes } from '../registry.js'

const awsCloudTrail = builtinLogTypes().find('AWS.CloudTrail')

const envelope = readFileSync(
  new URL('./fixtures/cloudtrail-envelope.json', import.meta.url),
  'utf8',
)

describe('AWS.CloudTrail', () => {
  it('expands the Records envelope and keeps the bad record as a failure', () => {
    const outcome = awsCloudTrail.parse(envelope)
    expect(outcome.events.map((e) => e.eventName)).toEqual(['StopInstances', 'GetObject'])
    expect(outcome.failures).toHaveLength(1)
    expect(outcome.failures[0]?.reason).toBe('missing required field eventTime')
    expect(JSON.parse(outcome.failures[0]?.raw ?? '')).toEqual({
      eventSource: 's3.amazonaws.com',
      eventName: 'PutObject',
    })
  })

  it('normalizes the event time to UTC and fills indicators', () => {
    const [first, second] = awsCloudTrail.parse(envelope).events
    expect(first?.p_event_time).toBe('2026-03-04 05:06:07.000')
    expect(first?.p_any_ip_addresses).toEqual(['203.0.113.5'])
    expect(first?.p_any_aws_account_ids).toEqual(['111122223333'])
    expect(first?.p_any_aws_arns).toEqual([
      'arn:aws:sts::111122223333:assumed-role/Deploy/deploy',
      'arn:aws:iam::111122223333:role/Deploy',
    ])
    expect(first?.p_any_usernames).toEqual(['Deploy'])
    expect(first?.p_any_aws_instance_ids).toEqual(['i-0abc123def4567890'])
    expect(second?.p_event_time).toBe('2026-03-04 04:06:08.250')
    expect(second?.p_any_domain_names).toEqual(['athena.amazonaws.com'])
    expect(second?.p_any_ip_addresses).toBeUndefined()
    expect(second?.p_any_aws_arns).toEqual(['arn:aws:s3:::bucket/key'])
  })

  it('explains what is wrong with a bad line', () => {
    expect(awsCloudTrail.parse('{"eventTime": ').failures[0]?.reason).toMatch(/^invalid JSON: /)
    expect(awsCloudTrail.parse('[1,2]').failures[0]?.reason).toBe('expected a JSON object')
    const badTime = '{"eventTime":"yesterday","eventName":"X","eventSource":"y.amazonaws.com"}'
    expect(awsCloudTrail.parse(badTime).failures[0]?.reason).toBe(
      'field eventTime: expected timestamp (rfc3339), got "yesterday"',
    )
    expect(
      awsCloudTrail.parse('{"digestStartTime":"2026-01-01T00:00:00Z"}').failures[0]?.reason,
    ).toMatch(/digest/)
  })
})
