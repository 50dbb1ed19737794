import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'

/** The account the activity happened in; older records lack `recipientAccountId`. */
function account(event: AWSCloudTrailEvent): string {
  return event.recipientAccountId ?? event.userIdentity?.accountId ?? 'unknown'
}

/** Panther's AWS.Root.Activity: any use of the root user's own credentials. */
export default defineRule({
  id: 'AWS.Root.Activity',
  name: 'AWS Root User Activity',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'The root user of an AWS account made an API call or signed in. Root has unrestricted access ' +
    'and should only be used for the few tasks that require it; any other use suggests stolen ' +
    'credentials or a broken process.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html',
  runbook:
    'Confirm with the account owner that the root user was used on purpose and for a task that ' +
    'requires root. If not: rotate the root password, check that MFA is enabled, delete any root ' +
    'access keys, and review all root activity from this source IP in CloudTrail.',
  tags: ['AWS', 'Identity & Access Management', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1078.004'] },
  // One alert per account and hour: root use is rare, and every call belongs to the same review.
  dedupPeriodMinutes: 60,

  rule(event) {
    const identity = event.userIdentity
    return (
      identity?.type === 'Root' &&
      // Calls AWS services make on root's behalf (e.g. support.amazonaws.com) are not root use.
      (identity.invokedBy ?? '') === '' &&
      event.eventType !== 'AwsServiceEvent'
    )
  },

  title(event) {
    return `AWS root user activity in account ${account(event)}`
  },

  dedup(event) {
    return `root-activity:${account(event)}`
  },

  alertContext(event) {
    return {
      sourceIPAddress: event.sourceIPAddress ?? null,
      userAgent: event.userAgent ?? null,
      eventName: event.eventName,
      eventSource: event.eventSource,
      awsRegion: event.awsRegion ?? null,
      recipientAccountId: account(event),
    }
  },

  tests: [
    {
      name: 'Root creates an access key',
      expect: true,
      event: {
        eventVersion: '1.08',
        userIdentity: {
          type: 'Root',
          principalId: '123456789012',
          arn: 'arn:aws:iam::123456789012:root',
          accountId: '123456789012',
          accessKeyId: 'ASIAEXAMPLEROOTKEY01',
          sessionContext: {
            attributes: { creationDate: '2024-05-02T09:12:44Z', mfaAuthenticated: 'true' },
          },
        },
        eventTime: '2024-05-02T09:14:03Z',
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        awsRegion: 'us-east-1',
        sourceIPAddress: '198.51.100.23',
        userAgent: 'aws-cli/2.15.40 Python/3.11.8 Darwin/23.4.0 exe/x86_64',
        requestParameters: null,
        responseElements: {
          accessKey: { accessKeyId: 'AKIAEXAMPLENEWKEY001', status: 'Active', userName: 'root' },
        },
        requestID: '3f6c2a1e-8b0d-4a7e-9c55-0d1e2f3a4b5c',
        eventID: 'b1a2c3d4-e5f6-4789-a0b1-c2d3e4f5a6b7',
        readOnly: false,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: '123456789012',
        eventCategory: 'Management',
        p_log_type: 'AWS.CloudTrail',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'IAM user lists buckets',
      expect: false,
      event: {
        eventVersion: '1.08',
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEUSERID001',
          arn: 'arn:aws:iam::123456789012:user/alice',
          accountId: '123456789012',
          accessKeyId: 'AKIAEXAMPLEALICE0001',
          userName: 'alice',
        },
        eventTime: '2024-05-02T10:01:17Z',
        eventSource: 's3.amazonaws.com',
        eventName: 'ListBuckets',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '203.0.113.7',
        userAgent: '[aws-sdk-go-v2/1.26.1 os/linux lang/go#1.22.2 md/GOOS#linux]',
        requestParameters: { Host: 's3.eu-west-1.amazonaws.com' },
        responseElements: null,
        eventID: 'c2b3d4e5-f6a7-4890-b1c2-d3e4f5a6b7c8',
        readOnly: true,
        eventType: 'AwsApiCall',
        managementEvent: true,
        recipientAccountId: '123456789012',
        p_log_type: 'AWS.CloudTrail',
        p_event_time: '2024-05-02 10:01:17.000',
      },
    },
    {
      name: 'AWS service acting for root is not root use',
      expect: false,
      event: {
        eventVersion: '1.08',
        userIdentity: {
          type: 'Root',
          principalId: '123456789012',
          arn: 'arn:aws:iam::123456789012:root',
          accountId: '123456789012',
          invokedBy: 'support.amazonaws.com',
        },
        eventTime: '2024-05-02T11:30:00Z',
        eventSource: 'iam.amazonaws.com',
        eventName: 'GetAccountSummary',
        awsRegion: 'us-east-1',
        sourceIPAddress: 'support.amazonaws.com',
        userAgent: 'support.amazonaws.com',
        eventType: 'AwsApiCall',
        recipientAccountId: '123456789012',
        p_log_type: 'AWS.CloudTrail',
        p_event_time: '2024-05-02 11:30:00.000',
      },
    },
  ],
})
