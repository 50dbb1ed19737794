import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  callerUserName,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.IAM.AccessKeyCreated (cross-user variant). */
export default defineRule({
  id: 'AWS.IAM.AccessKeyCreatedForOtherUser',
  name: 'AWS Access Key Created For Another User',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A principal created an access key for a different IAM user. Attackers holding ' +
    'iam:CreateAccessKey use it to mint credentials for a more privileged user, gaining ' +
    'persistence that survives the loss of their own foothold.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html',
  runbook:
    'Ask the target user and the actor whether the key was requested. If not, deactivate and ' +
    'delete the new key, search CloudTrail for calls signed with it, and review how the actor ' +
    'got iam:CreateAccessKey on other users.',
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventSource !== 'iam.amazonaws.com' || event.eventName !== 'CreateAccessKey') {
      return false
    }
    const target = param(event, 'userName')
    // Root is covered by AWS.IAM.RootAccessKeyCreated; no userName means "for myself".
    return succeeded(event) && target !== '' && target !== callerUserName(event)
  },

  title(event) {
    return `${actorOf(event)} created an access key for IAM user ${param(event, 'userName')} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `access-key-other-user:${accountOf(event)}:${param(event, 'userName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      targetUser: param(event, 'userName'),
      accessKeyId: getString(event.responseElements, 'accessKey', 'accessKeyId'),
    }
  },

  tests: [
    {
      name: 'Admin creates a key for another user',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        requestParameters: { userName: 'deploy-bot' },
        responseElements: {
          accessKey: {
            accessKeyId: 'AKIAEXAMPLENEWKEY003',
            status: 'Active',
            userName: 'deploy-bot',
            createDate: 'May 2, 2024 9:14:03 AM',
          },
        },
      }),
    },
    {
      name: 'User creates their own key',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        requestParameters: { userName: 'alice' },
        responseElements: {
          accessKey: { accessKeyId: 'AKIAEXAMPLENEWKEY004', status: 'Active', userName: 'alice' },
        },
      }),
    },
    {
      name: 'Denied attempt',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        requestParameters: { userName: 'deploy-bot' },
        errorCode: 'AccessDenied',
        errorMessage:
          'User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateAccessKey',
      }),
    },
  ],
})
