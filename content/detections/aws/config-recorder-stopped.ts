import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = [
  'StopConfigurationRecorder',
  'DeleteConfigurationRecorder',
  'DeleteDeliveryChannel',
  'DeleteConfigurationAggregator',
]

/** Panther's AWS.Config.ServiceDisabled. */
export default defineRule({
  id: 'AWS.Config.RecorderStoppedOrDeleted',
  name: 'AWS Config Recorder Stopped Or Deleted',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'AWS Config recording was stopped or its recorder, delivery channel or aggregator deleted. ' +
    'Configuration history and compliance rules stop seeing changes made after this.',
  reference: 'https://docs.aws.amazon.com/config/latest/developerguide/stop-start-recorder.html',
  runbook:
    'Restart the recorder (aws configservice start-configuration-recorder) or recreate the ' +
    "deleted resource. Ask the actor for the reason; if unapproved, review the actor's other " +
    'changes during the gap, which Config did not record.',
  tags: ['AWS', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'config.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    return `AWS Config ${event.eventName} by ${actorOf(event)} in ${accountOf(event)} (${event.awsRegion ?? 'unknown region'})`
  },

  dedup(event) {
    return `config-disabled:${accountOf(event)}:${event.awsRegion ?? ''}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      recorder:
        param(event, 'configurationRecorderName') ||
        param(event, 'deliveryChannelName') ||
        param(event, 'configurationAggregatorName'),
    }
  },

  tests: [
    {
      name: 'Recorder stopped',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'config.amazonaws.com',
        eventName: 'StopConfigurationRecorder',
        requestParameters: { configurationRecorderName: 'default' },
        responseElements: null,
      }),
    },
    {
      name: 'Recorder started',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'config.amazonaws.com',
        eventName: 'StartConfigurationRecorder',
        requestParameters: { configurationRecorderName: 'default' },
        responseElements: null,
      }),
    },
  ],
})
