import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  param,
  succeeded,
} from '../helpers/aws.js'

const ALWAYS = [
  'DeleteDetector',
  'DeleteMembers',
  'DisassociateMembers',
  'DisassociateFromMasterAccount',
  'DisassociateFromAdministratorAccount',
  'StopMonitoringMembers',
]

function disables(event: AWSCloudTrailEvent): boolean {
  if (ALWAYS.includes(event.eventName)) return true
  return (
    event.eventName === 'UpdateDetector' && getPath(event.requestParameters, 'enable') === false
  )
}

/** Panther's AWS.GuardDuty.Disabled and AWS.GuardDuty.MemberDisassociated. */
export default defineRule({
  id: 'AWS.GuardDuty.Disabled',
  name: 'AWS GuardDuty Disabled Or Members Removed',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A GuardDuty detector was deleted or suspended, or member accounts were removed, ' +
    'disassociated or stopped from monitoring. Attackers do this to avoid threat detection.',
  reference: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_suspend-disable.html',
  runbook:
    'Re-enable the detector or re-associate the members from the GuardDuty administrator account. ' +
    "Confirm with the security team whether the change was planned; if not, review the actor's " +
    'activity and look for other defence-evasion steps (CloudTrail, Config, Security Hub).',
  tags: ['AWS', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.eventSource === 'guardduty.amazonaws.com' && succeeded(event) && disables(event)
  },

  title(event) {
    return `GuardDuty ${event.eventName} by ${actorOf(event)} in ${accountOf(event)} (${event.awsRegion ?? 'unknown region'})`
  },

  dedup(event) {
    return `guardduty-disabled:${accountOf(event)}:${event.awsRegion ?? ''}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      detectorId: param(event, 'detectorId'),
      accountIds: getPath(event.requestParameters, 'accountIds') ?? null,
    }
  },

  tests: [
    {
      name: 'Detector deleted',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'DeleteDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' },
        responseElements: null,
      }),
    },
    {
      name: 'Detector suspended',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0', enable: false },
        responseElements: null,
      }),
    },
    {
      name: 'Finding frequency changed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'UpdateDetector',
        requestParameters: {
          detectorId: '12abc34d567e8fa901bc2d34e56789f0',
          findingPublishingFrequency: 'FIFTEEN_MINUTES',
        },
        responseElements: null,
      }),
    },
  ],
})
