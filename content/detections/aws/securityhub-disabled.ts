import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = [
  'DisableSecurityHub',
  'BatchDisableStandards',
  'DisassociateFromAdministratorAccount',
  'DisassociateFromMasterAccount',
  'DisassociateMembers',
  'DeleteMembers',
  'DisableImportFindingsForProduct',
]

/** Panther's AWS.SecurityHub.Disabled style rule. */
export default defineRule({
  id: 'AWS.SecurityHub.Disabled',
  name: 'AWS Security Hub Disabled Or Members Removed',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'Security Hub was disabled, standards were turned off, members were removed, or a ' +
    'product integration was disabled. Findings from the account stop reaching the security team.',
  reference: 'https://docs.aws.amazon.com/securityhub/latest/userguide/securityhub-disable.html',
  runbook:
    'Re-enable Security Hub (or the standard / integration) and re-associate the member. Ask ' +
    'the actor for the reason; if unapproved, look for other defence-evasion steps (GuardDuty, ' +
    'CloudTrail, Config) by the same principal.',
  tags: ['AWS', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'securityhub.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    return `Security Hub ${event.eventName} by ${actorOf(event)} in ${accountOf(event)} (${event.awsRegion ?? 'unknown region'})`
  },

  dedup(event) {
    return `securityhub-disabled:${accountOf(event)}:${event.awsRegion ?? ''}`
  },

  alertContext(event) {
    return cloudTrailContext(event)
  },

  tests: [
    {
      name: 'Security Hub disabled',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'securityhub.amazonaws.com',
        eventName: 'DisableSecurityHub',
        requestParameters: null,
        responseElements: null,
      }),
    },
    {
      name: 'Findings listed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'securityhub.amazonaws.com',
        eventName: 'GetFindings',
        readOnly: true,
        requestParameters: { maxResults: 100 },
      }),
    },
  ],
})
