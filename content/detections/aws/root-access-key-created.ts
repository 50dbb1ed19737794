import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getString,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.IAM.RootAccessKeyCreated: long-lived keys for the root user. */
export default defineRule({
  id: 'AWS.IAM.RootAccessKeyCreated',
  name: 'AWS Root Access Key Created',
  logTypes: ['AWS.CloudTrail'],
  severity: 'CRITICAL',
  description:
    'An access key was created for the root user. Root access keys give unrestricted, ' +
    'programmatic access to the whole account and AWS recommends never having one; attackers ' +
    'who reach the root console create them for persistence.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user_manage_add-key.html',
  runbook:
    'Confirm with the account owner immediately. Unless a documented break-glass task needs it, ' +
    'deactivate and delete the key (IAM > Security credentials as root), rotate the root ' +
    'password, verify root MFA, and search CloudTrail for calls signed with the new access key id.',
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      event.eventName === 'CreateAccessKey' &&
      event.userIdentity?.type === 'Root' &&
      // Without a userName parameter the key is created for the caller itself: root.
      getString(event.requestParameters, 'userName') === '' &&
      succeeded(event)
    )
  },

  title(event) {
    return `AWS root access key created in account ${accountOf(event)}`
  },

  dedup(event) {
    return `root-access-key:${accountOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      accessKeyId: getString(event.responseElements, 'accessKey', 'accessKeyId'),
    }
  },

  tests: [
    {
      name: 'Root creates its own access key',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'Root',
          principalId: '123456789012',
          arn: 'arn:aws:iam::123456789012:root',
          accountId: '123456789012',
          accessKeyId: 'ASIAEXAMPLEROOTKEY01',
        },
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        userAgent: 'AWS Internal',
        requestParameters: null,
        responseElements: {
          accessKey: {
            accessKeyId: 'AKIAEXAMPLENEWKEY001',
            status: 'Active',
            userName: '123456789012',
            createDate: 'May 2, 2024 9:14:03 AM',
          },
        },
      }),
    },
    {
      name: 'IAM user creates their own access key',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateAccessKey',
        requestParameters: { userName: 'alice' },
        responseElements: {
          accessKey: { accessKeyId: 'AKIAEXAMPLENEWKEY002', status: 'Active', userName: 'alice' },
        },
      }),
    },
  ],
})
