import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  isObject,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Why an UpdateTrail or PutEventSelectors call weakens the trail, or '' when it does not. */
function weakening(event: AWSCloudTrailEvent): string {
  const params = event.requestParameters
  if (event.eventName === 'UpdateTrail') {
    if (getPath(params, 'isMultiRegionTrail') === false) return 'made single-region'
    if (getPath(params, 'includeGlobalServiceEvents') === false)
      return 'global service events excluded'
    if (getPath(params, 'enableLogFileValidation') === false) return 'log file validation disabled'
    return ''
  }
  if (event.eventName === 'PutEventSelectors') {
    const selectors = asList(getPath(params, 'eventSelectors')).filter(isObject)
    const advanced = asList(getPath(params, 'advancedEventSelectors'))
    if (selectors.length === 0 && advanced.length === 0) return 'all event selectors removed'
    if (selectors.some((s) => s.includeManagementEvents === false))
      return 'management events excluded'
    if (selectors.length > 0 && selectors.every((s) => s.readWriteType === 'ReadOnly')) {
      return 'write events excluded'
    }
  }
  return ''
}

/** Panther's AWS.CloudTrail.EventSelectorsDisabled and trail-weakening UpdateTrail calls. */
export default defineRule({
  id: 'AWS.CloudTrail.LoggingReduced',
  name: 'AWS CloudTrail Logging Coverage Reduced',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'A trail was changed so that it records less: UpdateTrail made it single-region, excluded ' +
    'global service events or disabled log file validation, or PutEventSelectors removed ' +
    'management or write events. A quieter way to blind auditing than stopping the trail.',
  reference:
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/logging-management-events-with-cloudtrail.html',
  runbook:
    'Compare the trail configuration with your baseline (aws cloudtrail get-event-selectors / ' +
    "get-trail). Revert unapproved changes, then review the actor's activity during the gap, " +
    'including in the regions or event categories that stopped being logged.',
  tags: ['AWS', 'Defense Evasion', 'Logging'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.008'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'cloudtrail.amazonaws.com' &&
      succeeded(event) &&
      weakening(event) !== ''
    )
  },

  title(event) {
    const trail = param(event, 'name') || param(event, 'trailName')
    return `CloudTrail trail ${trail} weakened (${weakening(event)}) by ${actorOf(event)}`
  },

  dedup(event) {
    return `cloudtrail-reduced:${accountOf(event)}:${param(event, 'name') || param(event, 'trailName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      trail: param(event, 'name') || param(event, 'trailName'),
      change: weakening(event),
    }
  },

  tests: [
    {
      name: 'Management events excluded',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'PutEventSelectors',
        requestParameters: {
          trailName: 'management-events',
          eventSelectors: [
            { readWriteType: 'All', includeManagementEvents: false, dataResources: [] },
          ],
        },
        responseElements: null,
      }),
    },
    {
      name: 'Trail made single-region',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        requestParameters: { name: 'management-events', isMultiRegionTrail: false },
        responseElements: null,
      }),
    },
    {
      name: 'Data events added',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'PutEventSelectors',
        requestParameters: {
          trailName: 'management-events',
          eventSelectors: [
            {
              readWriteType: 'All',
              includeManagementEvents: true,
              dataResources: [{ type: 'AWS::S3::Object', values: ['arn:aws:s3:::payroll/'] }],
            },
          ],
        },
        responseElements: null,
      }),
    },
    {
      name: 'Trail moved to another bucket',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'UpdateTrail',
        requestParameters: { name: 'management-events', s3BucketName: 'audit-logs-2024' },
        responseElements: null,
      }),
    },
  ],
})
