import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['CreateIPSet', 'UpdateIPSet', 'CreateFilter', 'UpdateFilter']

/** Panther's AWS.GuardDuty.IPSetModified / suppression rule changes. */
export default defineRule({
  id: 'AWS.GuardDuty.TrustedIPListOrFilterModified',
  name: 'AWS GuardDuty Trusted IP List Or Suppression Filter Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A GuardDuty trusted IP list was created or updated, or a suppression filter (auto-archive ' +
    'rule) was created or updated. Traffic from trusted IPs produces no findings, and filters ' +
    'archive matching findings silently; both can hide an attacker.',
  reference: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_upload-lists.html',
  runbook:
    'Review the list location or filter criteria (aws guardduty get-ip-set / get-filter). ' +
    'Confirm the change with the security team; revert unapproved entries and re-run the ' +
    'investigation on findings archived since.',
  tags: ['AWS', 'GuardDuty', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'guardduty.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    return `GuardDuty ${event.eventName} ${param(event, 'name')} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `guardduty-suppression:${accountOf(event)}:${event.awsRegion ?? ''}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      detectorId: param(event, 'detectorId'),
      name: param(event, 'name') || param(event, 'filterName') || null,
      location: param(event, 'location') || null,
      action: param(event, 'action') || null,
    }
  },

  tests: [
    {
      name: 'Trusted IP list created',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'CreateIPSet',
        requestParameters: {
          detectorId: '12abc34d567e8fa901bc2d34e56789f0',
          name: 'office',
          format: 'TXT',
          location: 'https://s3.amazonaws.com/some-bucket/trusted.txt',
          activate: true,
        },
        responseElements: { ipSetId: '0cb0141ab9fbde177613ab9436212e90' },
      }),
    },
    {
      name: 'Findings listed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'ListFindings',
        readOnly: true,
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' },
      }),
    },
  ],
})
