import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['StopLogging', 'DeleteTrail']

/** Panther's AWS.CloudTrail.Stopped. */
export default defineRule({
  id: 'AWS.CloudTrail.StoppedOrDeleted',
  name: 'AWS CloudTrail Stopped Or Deleted',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A CloudTrail trail was stopped (StopLogging) or deleted (DeleteTrail). Attackers blind the ' +
    'audit log before acting; nothing after this point is recorded by that trail.',
  reference:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-turning-off-logging.html',
  runbook:
    'Re-enable logging (StartLogging) or recreate the trail at once. Then confirm whether the ' +
    "actor had an approved reason; if not, treat the actor's credentials as compromised and " +
    'review their activity in the remaining trails or the CloudTrail event history (90 days).',
  tags: ['AWS', 'Defense Evasion', 'Logging'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.008'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'cloudtrail.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const action = event.eventName === 'DeleteTrail' ? 'deleted' : 'stopped'
    return `CloudTrail trail ${param(event, 'name')} ${action} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `cloudtrail-stopped:${accountOf(event)}:${param(event, 'name')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), trail: param(event, 'name') }
  },

  tests: [
    {
      name: 'Trail logging stopped',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: {
          name: 'arn:aws:cloudtrail:us-east-1:123456789012:trail/management-events',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Trail deleted',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'DeleteTrail',
        requestParameters: { name: 'org-trail' },
        responseElements: null,
      }),
    },
    {
      name: 'Trail logging started',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StartLogging',
        requestParameters: { name: 'management-events' },
        responseElements: null,
      }),
    },
  ],
})
