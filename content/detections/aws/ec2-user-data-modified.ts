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

/** Panther's AWS.EC2.StartupScriptChange. */
export default defineRule({
  id: 'AWS.EC2.UserDataModified',
  name: 'AWS EC2 Instance User Data Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'The user data (startup script) of an EC2 instance was changed with ModifyInstanceAttribute. ' +
    'Commands in user data run as root at the next start, a known way to get code execution ' +
    'and persistence on an instance.',
  reference: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/user-data.html',
  runbook:
    'Retrieve the new user data (aws ec2 describe-instance-attribute --attribute userData) and ' +
    'read it. If it was not changed by your tooling, restore the previous script before the ' +
    'instance restarts, and check whether a StopInstances/StartInstances pair followed.',
  tags: ['AWS', 'EC2', 'Execution', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1059.009', 'TA0003:T1037'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      event.eventName === 'ModifyInstanceAttribute' &&
      succeeded(event) &&
      getPath(event.requestParameters, 'userData') !== undefined
    )
  },

  title(event) {
    return `User data of ${param(event, 'instanceId')} modified by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `user-data:${accountOf(event)}:${param(event, 'instanceId')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), instanceId: param(event, 'instanceId') }
  },

  tests: [
    {
      name: 'User data replaced',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyInstanceAttribute',
        requestParameters: {
          instanceId: 'i-0123456789abcdef0',
          userData: '<sensitiveDataRemoved>',
        },
        responseElements: { requestId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', _return: true },
      }),
    },
    {
      name: 'Instance type changed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ModifyInstanceAttribute',
        requestParameters: {
          instanceId: 'i-0123456789abcdef0',
          instanceType: { value: 'm5.large' },
        },
        responseElements: { requestId: 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', _return: true },
      }),
    },
  ],
})
