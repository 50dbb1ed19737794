import { defineRule } from 'caracal/sdk'
import { accountOf, cloudTrailContext, cloudTrailTestEvent, getString } from '../helpers/aws.js'

/** Panther's AWS.IAM.RootPasswordChanged: the root password was changed or recovered. */
export default defineRule({
  id: 'AWS.IAM.RootPasswordChanged',
  name: 'AWS Root Password Changed',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'The password of the root user was changed (PasswordUpdated). Unless the owner rotated it, ' +
    'this is an account takeover: the new password locks the legitimate owner out.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_password.html',
  runbook:
    'Contact the account owner and confirm the change. If it was not them, start account ' +
    'recovery with AWS Support at once, check whether the root email address was changed, and ' +
    'review all root activity and new IAM users, keys and roles since the change.',
  tags: ['AWS', 'Identity & Access Management', 'Account Manipulation'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventName === 'PasswordUpdated' &&
      event.userIdentity?.type === 'Root' &&
      getString(event.responseElements, 'PasswordUpdated') === 'Success'
    )
  },

  title(event) {
    return `AWS root password changed in account ${accountOf(event)}`
  },

  dedup(event) {
    return `root-password-changed:${accountOf(event)}`
  },

  alertContext(event) {
    return cloudTrailContext(event)
  },

  tests: [
    {
      name: 'Root password updated',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'Root',
          principalId: '123456789012',
          arn: 'arn:aws:iam::123456789012:root',
          accountId: '123456789012',
        },
        eventSource: 'signin.amazonaws.com',
        eventName: 'PasswordUpdated',
        eventType: 'AwsConsoleSignIn',
        userAgent:
          'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Safari/605.1.15',
        requestParameters: null,
        responseElements: { PasswordUpdated: 'Success' },
      }),
    },
    {
      name: 'IAM user changes their own password',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'ChangePassword',
        requestParameters: null,
        responseElements: null,
      }),
    },
  ],
})
