import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['DeactivateMFADevice', 'DeleteVirtualMFADevice']

/** Panther's AWS.IAM.MFADisabled. */
export default defineRule({
  id: 'AWS.IAM.MFADeviceDeactivated',
  name: 'AWS IAM MFA Device Deactivated',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'An MFA device was deactivated for an IAM user (or the root user), or a virtual MFA device ' +
    'was deleted. Removing MFA weakens the account to a password alone; attackers do it to ' +
    'register their own device.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_disable.html',
  runbook:
    'Ask the user whether they replaced a lost device. If not, reset their password, re-enrol ' +
    'MFA with the user in person, check EnableMFADevice events that followed (a device the ' +
    "attacker controls), and review the actor's activity.",
  tags: ['AWS', 'Identity & Access Management', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const user = param(event, 'userName') || actorOf(event)
    return `MFA device removed for ${user} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `mfa-removed:${accountOf(event)}:${param(event, 'userName') || actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      userName: param(event, 'userName') || null,
      serialNumber: param(event, 'serialNumber'),
    }
  },

  tests: [
    {
      name: 'MFA deactivated for a user',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'DeactivateMFADevice',
        requestParameters: {
          userName: 'bob',
          serialNumber: 'arn:aws:iam::123456789012:mfa/bob',
        },
        responseElements: null,
      }),
    },
    {
      name: 'MFA enabled',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'EnableMFADevice',
        requestParameters: {
          userName: 'bob',
          serialNumber: 'arn:aws:iam::123456789012:mfa/bob',
        },
        responseElements: null,
      }),
    },
  ],
})
