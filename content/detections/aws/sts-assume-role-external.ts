import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  actorOf,
  assumedRoleIdentity,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

/**
 * Accounts whose principals may assume roles here (your own organisation's accounts, trusted
 * vendors). Edit to match yours; the role's own account is always trusted.
 */
const TRUSTED_ACCOUNTS: readonly string[] = []

/** The account that owns the role being assumed. */
function roleAccount(event: AWSCloudTrailEvent): string {
  return param(event, 'roleArn').split(':')[4] ?? ''
}

/** The account of the principal that called AssumeRole. */
function callerAccount(event: AWSCloudTrailEvent): string {
  return event.userIdentity?.accountId ?? ''
}

/** Why the AssumeRole call is suspicious, or '' when it is not. */
function reason(event: AWSCloudTrailEvent): string {
  const caller = callerAccount(event)
  const target = roleAccount(event)
  if (caller !== '' && target !== '' && caller !== target && !TRUSTED_ACCOUNTS.includes(caller)) {
    return `external account ${caller}`
  }
  // Role chaining: a role session assuming another role; limits sessions to one hour and hides
  // the original identity one step further away.
  if (event.userIdentity?.type === 'AssumedRole') return 'role chaining'
  return ''
}

/** Panther's AWS.STS.AssumeRole cross-account and role chaining detections. */
export default defineRule({
  id: 'AWS.STS.AssumeRoleExternalOrChained',
  name: 'AWS AssumeRole By External Principal Or Role Chaining',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A role was assumed by a principal from an account that is not trusted, or by a session ' +
    'that was itself an assumed role (role chaining). Both are used to move laterally and to ' +
    'blur who is really acting.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining',
  runbook:
    'Identify the calling account and principal (userIdentity.arn). For an external account, ' +
    'check that it belongs to your organisation or a contracted vendor and that the role trust ' +
    'policy requires an ExternalId; add trusted accounts to TRUSTED_ACCOUNTS. For chaining, check ' +
    'that the source role is expected to hop to the target role; otherwise tighten the trust policy.',
  tags: ['AWS', 'Identity & Access Management', 'Lateral Movement'],
  reports: { 'MITRE ATT&CK': ['TA0008:T1550.001', 'TA0004:T1078.004'] },
  dedupPeriodMinutes: 60,

  dynamicSeverity(event) {
    // Chaining inside one account is common in automation; an untrusted account is not.
    return reason(event) === 'role chaining' ? 'LOW' : 'DEFAULT'
  },

  rule(event) {
    return (
      event.eventSource === 'sts.amazonaws.com' &&
      event.eventName === 'AssumeRole' &&
      succeeded(event) &&
      // AWS services assuming service roles are routine.
      event.userIdentity?.type !== 'AWSService' &&
      reason(event) !== ''
    )
  },

  title(event) {
    return `Role ${param(event, 'roleArn')} assumed by ${actorOf(event)} (${reason(event)})`
  },

  dedup(event) {
    return `assume-role:${param(event, 'roleArn')}:${event.userIdentity?.arn ?? ''}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      roleArn: param(event, 'roleArn'),
      roleSessionName: param(event, 'roleSessionName'),
      callerAccount: callerAccount(event),
      reason: reason(event),
    }
  },

  tests: [
    {
      name: 'Role assumed from an unknown account',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'IAMUser',
          principalId: 'AIDAEXAMPLEEXTERNAL01',
          arn: 'arn:aws:iam::999988887777:user/eve',
          accountId: '999988887777',
          accessKeyId: 'AKIAEXAMPLEEXTERNAL1',
          userName: 'eve',
        },
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: 'arn:aws:iam::123456789012:role/OrganizationAccountAccessRole',
          roleSessionName: 'eve',
        },
        responseElements: {
          credentials: {
            accessKeyId: 'ASIAEXAMPLENEWSESS01',
            sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE',
            expiration: 'May 2, 2024, 10:14:03 AM',
          },
          assumedRoleUser: {
            assumedRoleId: 'AROAEXAMPLEROLEID0002:eve',
            arn: 'arn:aws:sts::123456789012:assumed-role/OrganizationAccountAccessRole/eve',
          },
        },
      }),
    },
    {
      name: 'Role session assumes another role',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: assumedRoleIdentity('ci-runner', 'build-4812'),
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: 'arn:aws:iam::123456789012:role/prod-deployer',
          roleSessionName: 'build-4812',
        },
      }),
    },
    {
      name: 'IAM user assumes a role in its own account',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: 'arn:aws:iam::123456789012:role/ReadOnly',
          roleSessionName: 'alice',
        },
      }),
    },
    {
      name: 'Lambda service assumes its execution role',
      expect: false,
      event: cloudTrailTestEvent({
        userIdentity: { type: 'AWSService', invokedBy: 'lambda.amazonaws.com' },
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        sourceIPAddress: 'lambda.amazonaws.com',
        userAgent: 'lambda.amazonaws.com',
        eventType: 'AwsApiCall',
        requestParameters: {
          roleArn: 'arn:aws:iam::123456789012:role/lambda-exec',
          roleSessionName: 'my-function',
        },
      }),
    },
  ],
})
