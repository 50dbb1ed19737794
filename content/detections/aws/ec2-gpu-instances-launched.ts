import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Instance families with GPUs or ML accelerators, the usual crypto-mining targets. */
const ACCELERATED_FAMILY = /^(p\d|g\d|gr\d|inf\d|trn\d|dl\d|vt\d)/

function requestedCount(event: AWSCloudTrailEvent): number {
  const counts = asList(getPath(event.requestParameters, 'instancesSet', 'items')).map((item) =>
    getPath(item, 'maxCount'),
  )
  return counts.reduce<number>((sum, n) => sum + (typeof n === 'number' ? n : 1), 0) || 1
}

/** Panther's AWS.EC2.GPUInstanceLaunched / resource hijacking style rule. */
export default defineRule({
  id: 'AWS.EC2.AcceleratedInstancesLaunched',
  name: 'AWS EC2 GPU Instances Launched',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'EC2 instances of a GPU or ML-accelerator family (p, g, inf, trn, dl …) were launched. ' +
    'Attackers with stolen credentials launch them, often in many regions, to mine ' +
    "cryptocurrency at the victim's expense.",
  reference:
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/accelerated-computing-instances.html',
  runbook:
    'Check whether the team behind the actor runs GPU workloads (ML training, rendering). If ' +
    'not, terminate the instances, look for RunInstances in other regions by the same ' +
    'principal, and deactivate its credentials. Consider an SCP restricting instance types.',
  tags: ['AWS', 'EC2', 'Impact'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1496'] },
  dedupPeriodMinutes: 60,

  dynamicSeverity(event) {
    return requestedCount(event) >= 5 ? 'HIGH' : 'DEFAULT'
  },

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      event.eventName === 'RunInstances' &&
      succeeded(event) &&
      ACCELERATED_FAMILY.test(param(event, 'instanceType'))
    )
  },

  title(event) {
    return `${actorOf(event)} launched ${String(requestedCount(event))} ${param(event, 'instanceType')} instance(s) in ${event.awsRegion ?? 'unknown region'}`
  },

  dedup(event) {
    return `gpu-instances:${accountOf(event)}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      instanceType: param(event, 'instanceType'),
      requestedCount: requestedCount(event),
    }
  },

  tests: [
    {
      name: 'Ten p3 instances launched',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {
          instancesSet: {
            items: [{ imageId: 'ami-0abcdef1234567890', minCount: 10, maxCount: 10 }],
          },
          instanceType: 'p3.16xlarge',
          blockDeviceMapping: {},
          monitoring: { enabled: false },
          disableApiTermination: false,
        },
      }),
    },
    {
      name: 'General-purpose instance launched',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'RunInstances',
        requestParameters: {
          instancesSet: { items: [{ imageId: 'ami-0abcdef1234567890', minCount: 1, maxCount: 1 }] },
          instanceType: 'm6i.large',
        },
      }),
    },
  ],
})
