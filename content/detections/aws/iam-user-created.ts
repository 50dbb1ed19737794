import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.IAM.UserCreated style audit rule. */
export default defineRule({
  id: 'AWS.IAM.UserCreated',
  name: 'AWS IAM User Created',
  logTypes: ['AWS.CloudTrail'],
  severity: 'LOW',
  description:
    'A new IAM user was created. Where identities come from SSO, long-lived IAM users are rare ' +
    'and a common persistence mechanism for attackers with iam:CreateUser.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_create.html',
  runbook:
    'Check that the user was created by your provisioning tooling or an approved request. If ' +
    'not, look for follow-up CreateAccessKey, CreateLoginProfile and policy attachments for the ' +
    'new user, then delete it and investigate the actor.',
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1136.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      event.eventName === 'CreateUser' &&
      succeeded(event)
    )
  },

  title(event) {
    return `IAM user ${param(event, 'userName')} created by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `iam-user-created:${accountOf(event)}:${param(event, 'userName')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), newUser: param(event, 'userName') }
  },

  tests: [
    {
      name: 'User created',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        requestParameters: { userName: 'backup-svc' },
        responseElements: {
          user: {
            path: '/',
            userName: 'backup-svc',
            userId: 'AIDAEXAMPLENEWUSER01',
            arn: 'arn:aws:iam::123456789012:user/backup-svc',
            createDate: 'May 2, 2024, 9:14:03 AM',
          },
        },
      }),
    },
    {
      name: 'CreateUser denied',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateUser',
        errorCode: 'AccessDenied',
        requestParameters: { userName: 'backup-svc' },
        responseElements: null,
      }),
    },
  ],
})
