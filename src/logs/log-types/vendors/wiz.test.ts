import { describe, expect, it } from 'vitest'
import { failureOf, parseOne, without } from './vendor-cases.js'

/** Wiz audit logs, issues (API and webhook) and threat detections. */

describe('Wiz.Audit', () => {
  const entry = {
    id: 'a4e1c1b2-0d9e-4f55-9a1b-2c3d4e5f6a7b',
    action: 'Login',
    requestId: '8a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d',
    status: 'SUCCESS',
    timestamp: '2024-03-05T16:20:11.123Z',
    actionParameters: { clientID: 'abc', userEmail: 'sam@example.com' },
    userAgent: 'Mozilla/5.0',
    sourceIP: '192.0.2.200',
    serviceAccount: null,
    user: { id: 'sam@example.com', name: 'sam@example.com' },
  }

  it('parses a login entry', () => {
    expect(parseOne('Wiz.Audit', entry)).toMatchObject({
      user: { name: 'sam@example.com' },
      p_event_time: '2024-03-05 16:20:11.123',
      p_any_ip_addresses: ['192.0.2.200'],
      p_any_emails: ['sam@example.com'],
      p_any_usernames: ['sam@example.com'],
    })
  })

  it('refuses an entry without its action', () => {
    expect(failureOf('Wiz.Audit', without(entry, 'action'))).toBe('missing required field action')
  })
})

describe('Wiz.Issues', () => {
  const issue = {
    id: 'fff9cffd-64a2-4a6a-9b6e-6a1b2c3d4e5f',
    sourceRule: {
      __typename: 'Control',
      id: 'wc-id-1335',
      name: 'Publicly exposed VM with high privileges',
    },
    createdAt: '2023-08-14T06:06:18.331765Z',
    updatedAt: '2023-08-15T10:00:00Z',
    status: 'OPEN',
    severity: 'HIGH',
    type: 'TOXIC_COMBINATION',
    entitySnapshot: {
      id: 'e1',
      type: 'VIRTUAL_MACHINE',
      nativeType: 'virtualMachine',
      name: 'web-1',
      cloudPlatform: 'AWS',
      providerId: 'arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0',
      externalId: 'i-0123456789abcdef0',
    },
    projects: [{ id: 'p1', name: 'Prod' }],
    serviceTickets: [],
    notes: [],
  }

  it('parses an issue with its resource snapshot', () => {
    expect(parseOne('Wiz.Issues', issue)).toMatchObject({
      severity: 'HIGH',
      p_event_time: '2023-08-14 06:06:18.331',
      p_any_aws_arns: ['arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0'],
      p_any_aws_instance_ids: ['i-0123456789abcdef0'],
    })
  })

  it('refuses an issue without a status', () => {
    expect(failureOf('Wiz.Issues', without(issue, 'status'))).toBe('missing required field status')
  })
})

describe('Wiz.IssuesWebhook', () => {
  // After the issue webhook payload example of the Wiz docs.
  const payload = {
    trigger: {
      source: 'ISSUES',
      type: 'Created',
      ruleId: 'r-1',
      ruleName: 'Send critical issues to SIEM',
    },
    issue: {
      id: '0fbbb1a3-1d1c-4a47-a0b7-9d0d7a5b1c2e',
      status: 'OPEN',
      severity: 'CRITICAL',
      created: '2024-01-02T03:04:05.678Z',
      projects: [{ id: 'p1', name: 'Prod' }],
      url: 'https://app.wiz.io/issues#~(issue~0fbbb1a3)',
    },
    resource: {
      id: 'r1',
      name: 'payments-bucket',
      type: 'BUCKET',
      cloudPlatform: 'AWS',
      providerId: 'arn:aws:s3:::payments-bucket',
      region: 'us-east-1',
      subscriptionId: '111122223333',
    },
    control: { id: 'wc-id-1', name: 'Public bucket with sensitive data', severity: 'CRITICAL' },
  }

  it('parses a created-issue notification, its time from issue.created', () => {
    expect(parseOne('Wiz.IssuesWebhook', payload)).toMatchObject({
      trigger: { type: 'Created' },
      p_event_time: '2024-01-02 03:04:05.678',
      p_any_aws_arns: ['arn:aws:s3:::payments-bucket'],
      p_any_domain_names: ['app.wiz.io'],
    })
  })

  it('refuses a notification without its issue', () => {
    expect(failureOf('Wiz.IssuesWebhook', without(payload, 'issue'))).toBe(
      'missing required field issue',
    )
  })
})

describe('Wiz.Detections', () => {
  const detection = {
    id: 'd-5f2c',
    issueId: 'i-77',
    createdAt: '2024-04-10T12:00:01Z',
    startedAt: '2024-04-10T11:58:00Z',
    severity: 'HIGH',
    description: 'Access key used from a Tor exit node',
    ruleMatch: { rule: { id: 'cer-1', name: 'Tor usage', origins: ['AWS_CLOUDTRAIL'] } },
    triggeringEvent: {
      name: 'GetCallerIdentity',
      eventTime: '2024-04-10T11:58:00Z',
      source: { ip: '185.220.101.4' },
      actor: { providerUniqueId: 'arn:aws:iam::111122223333:user/ci' },
    },
    primaryActor: {
      id: 'a1',
      name: 'ci',
      type: 'USER_ACCOUNT',
      providerUniqueId: 'arn:aws:iam::111122223333:user/ci',
    },
  }

  it('parses a detection with its triggering event', () => {
    expect(parseOne('Wiz.Detections', detection)).toMatchObject({
      p_event_time: '2024-04-10 12:00:01.000',
      p_any_ip_addresses: ['185.220.101.4'],
      p_any_aws_arns: ['arn:aws:iam::111122223333:user/ci'],
    })
  })

  it('refuses a detection without a severity', () => {
    expect(failureOf('Wiz.Detections', without(detection, 'severity'))).toBe(
      'missing required field severity',
    )
  })
})
