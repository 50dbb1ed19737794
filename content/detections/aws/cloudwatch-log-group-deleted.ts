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

const EVENTS = [
  'DeleteLogGroup',
  'DeleteLogStream',
  'PutRetentionPolicy',
  'DeleteSubscriptionFilter',
]

/** Panther's AWS.CloudWatchLogs.LogGroupDeleted family. */
export default defineRule({
  id: 'AWS.CloudWatchLogs.LogsDestroyed',
  name: 'AWS CloudWatch Logs Deleted Or Shortened',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A CloudWatch Logs group or stream was deleted, a subscription filter that forwards logs ' +
    'was removed, or retention was set to a day. Attackers destroy application and VPC logs to ' +
    'remove evidence.',
  reference:
    'https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_DeleteLogGroup.html',
  runbook:
    'Check whether the log group belonged to a decommissioned resource (deployment tooling ' +
    'deletes them on teardown). If not, recreate the forwarding, check whether a copy exists in ' +
    'your SIEM or S3, and review what the actor did just before.',
  tags: ['AWS', 'Defense Evasion', 'Logging'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1070', 'TA0005:T1562.008'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventSource !== 'logs.amazonaws.com' || !succeeded(event)) return false
    if (!EVENTS.includes(event.eventName)) return false
    // Retention changes only matter when they make logs disappear almost at once.
    if (event.eventName === 'PutRetentionPolicy') {
      const days = getPath(event.requestParameters, 'retentionInDays')
      return typeof days === 'number' && days <= 1
    }
    return true
  },

  title(event) {
    return `CloudWatch log group ${param(event, 'logGroupName')}: ${event.eventName} by ${actorOf(event)}`
  },

  dedup(event) {
    return `logs-destroyed:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      logGroupName: param(event, 'logGroupName'),
      logStreamName: param(event, 'logStreamName') || null,
    }
  },

  tests: [
    {
      name: 'VPC flow log group deleted',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'logs.amazonaws.com',
        eventName: 'DeleteLogGroup',
        requestParameters: { logGroupName: '/vpc/flow-logs/prod' },
        responseElements: null,
      }),
    },
    {
      name: 'Retention set to 1 day',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName: '/aws/lambda/payments', retentionInDays: 1 },
        responseElements: null,
      }),
    },
    {
      name: 'Retention set to a year',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'logs.amazonaws.com',
        eventName: 'PutRetentionPolicy',
        requestParameters: { logGroupName: '/aws/lambda/payments', retentionInDays: 365 },
        responseElements: null,
      }),
    },
  ],
})
