import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  callerUserName,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['CreateLoginProfile', 'UpdateLoginProfile']

/** Panther's AWS.IAM.UserLoginProfileCreatedOrModified. */
export default defineRule({
  id: 'AWS.IAM.LoginProfileCreatedOrModified',
  name: 'AWS Console Password Set For Another User',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A principal created or reset the console password (login profile) of a different IAM user. ' +
    "Setting another user's password lets the actor sign in as that user.",
  reference: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateLoginProfile.html',
  runbook:
    'Confirm with the helpdesk or the target user that a password reset was requested. If not, ' +
    'delete or reset the login profile, check ConsoleLogin events for the target user since the ' +
    "change, and review the actor's other IAM activity.",
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventSource !== 'iam.amazonaws.com' || !EVENTS.includes(event.eventName)) return false
    const target = param(event, 'userName')
    return succeeded(event) && target !== '' && target !== callerUserName(event)
  },

  title(event) {
    return `${actorOf(event)} set the console password of IAM user ${param(event, 'userName')} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `login-profile:${accountOf(event)}:${param(event, 'userName')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), targetUser: param(event, 'userName') }
  },

  tests: [
    {
      name: 'Login profile created for another user',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateLoginProfile',
        requestParameters: { userName: 'carol', passwordResetRequired: false },
        responseElements: {
          loginProfile: {
            userName: 'carol',
            createDate: 'May 2, 2024 9:14:03 AM',
            passwordResetRequired: false,
          },
        },
      }),
    },
    {
      name: 'User updates their own login profile',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateLoginProfile',
        requestParameters: { userName: 'alice', passwordResetRequired: false },
        responseElements: null,
      }),
    },
  ],
})
