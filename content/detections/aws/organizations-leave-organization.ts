import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['LeaveOrganization', 'RemoveAccountFromOrganization', 'DeleteOrganization']

/** Panther's AWS.Organizations.LeaveOrganization. */
export default defineRule({
  id: 'AWS.Organizations.LeaveOrganization',
  name: 'AWS Account Left Or Removed From Organization',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An account left its AWS Organization, was removed from it, or the organization was ' +
    'deleted. The account escapes service control policies, organization trails and delegated ' +
    'security tooling; attackers do this to act unobserved.',
  reference:
    'https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_remove.html',
  runbook:
    'Confirm with the cloud platform team that the account was meant to leave. If not, regain ' +
    'control of the account (root credentials, OrganizationAccountAccessRole), invite it back, ' +
    'and review its activity since, which organization trails no longer recorded.',
  tags: ['AWS', 'Organizations', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1666'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'organizations.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const account = param(event, 'accountId') || accountOf(event)
    return `AWS account ${account}: ${event.eventName} by ${actorOf(event)}`
  },

  dedup(event) {
    return `leave-org:${param(event, 'accountId') || accountOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      removedAccount: param(event, 'accountId') || accountOf(event),
    }
  },

  tests: [
    {
      name: 'Member account leaves',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'organizations.amazonaws.com',
        eventName: 'LeaveOrganization',
        requestParameters: null,
        responseElements: null,
      }),
    },
    {
      name: 'Organization described',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'organizations.amazonaws.com',
        eventName: 'DescribeOrganization',
        readOnly: true,
        requestParameters: null,
      }),
    },
  ],
})
