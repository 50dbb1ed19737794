import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['ScheduleKeyDeletion', 'DisableKey']

/** Panther's AWS.KMS.CustomerManagedKeyLoss. */
export default defineRule({
  id: 'AWS.KMS.KeyDisabledOrScheduledForDeletion',
  name: 'AWS KMS Key Disabled Or Scheduled For Deletion',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A customer-managed KMS key was disabled or scheduled for deletion. Everything encrypted ' +
    'with it becomes unreadable; deleting keys is a ransomware and sabotage technique.',
  reference: 'https://docs.aws.amazon.com/kms/latest/developerguide/deleting-keys.html',
  runbook:
    'Find what the key encrypts (aws kms list-resource-tags, CloudTrail Decrypt/GenerateDataKey ' +
    'calls by key id). If the change was not planned, cancel the deletion (aws kms ' +
    'cancel-key-deletion) and re-enable the key during the waiting period, then investigate the ' +
    'actor.',
  tags: ['AWS', 'KMS', 'Impact'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1485', 'TA0040:T1486'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'kms.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const action = event.eventName === 'DisableKey' ? 'disabled' : 'scheduled for deletion'
    return `KMS key ${param(event, 'keyId')} ${action} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `kms-key-loss:${accountOf(event)}:${param(event, 'keyId')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      keyId: param(event, 'keyId'),
      pendingWindowInDays: getPath(event.requestParameters, 'pendingWindowInDays') ?? null,
      deletionDate: getPath(event.responseElements, 'deletionDate') ?? null,
    }
  },

  tests: [
    {
      name: 'Key scheduled for deletion',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        requestParameters: {
          keyId: '1234abcd-12ab-34cd-56ef-1234567890ab',
          pendingWindowInDays: 7,
        },
        responseElements: {
          keyId: 'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
          deletionDate: 'May 9, 2024, 12:00:00 AM',
          keyState: 'PendingDeletion',
          pendingWindowInDays: 7,
        },
      }),
    },
    {
      name: 'Key enabled',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'kms.amazonaws.com',
        eventName: 'EnableKey',
        requestParameters: { keyId: '1234abcd-12ab-34cd-56ef-1234567890ab' },
        responseElements: null,
      }),
    },
  ],
})
