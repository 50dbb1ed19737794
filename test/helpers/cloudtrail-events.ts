/** Small hand-written CloudTrail records for tests. */
export function cloudTrailEvent(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
      userName: 'alice',
    },
    eventTime: '2026-06-01T10:00:00Z',
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '198.51.100.7',
    userAgent: 'aws-cli/2.15',
    requestID: 'req-1',
    eventID: 'evt-1',
    readOnly: true,
    eventType: 'AwsApiCall',
    recipientAccountId: '111122223333',
    ...overrides,
  }
}

/** A root user console login: the shipped root-activity detection fires on it. */
export function rootLogin(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return cloudTrailEvent({
    userIdentity: {
      type: 'Root',
      principalId: '111122223333',
      arn: 'arn:aws:iam::111122223333:root',
      accountId: '111122223333',
    },
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    sourceIPAddress: '192.0.2.44',
    readOnly: false,
    ...overrides,
  })
}
