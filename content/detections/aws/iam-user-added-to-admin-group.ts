import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Group names that, by convention, hold administrative rights. Adjust to your naming. */
const ADMIN_GROUP_PATTERN = /admin|administrators|poweruser|root|superuser|break-?glass/i

/** Panther's AWS.IAM.Group.AddUserToAdminGroup style rule. */
export default defineRule({
  id: 'AWS.IAM.UserAddedToAdminGroup',
  name: 'AWS IAM User Added To Admin Group',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An IAM user was added to a group whose name marks it as administrative. Group membership ' +
    'is an easy-to-miss way to grant admin rights.',
  reference: 'https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddUserToGroup.html',
  runbook:
    'Check the access request or change ticket for this membership. If none exists, remove the ' +
    "user from the group, review what the user did since, and confirm the group's attached " +
    'policies are what its name suggests.',
  tags: ['AWS', 'Identity & Access Management', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      event.eventName === 'AddUserToGroup' &&
      succeeded(event) &&
      ADMIN_GROUP_PATTERN.test(param(event, 'groupName'))
    )
  },

  title(event) {
    return `${actorOf(event)} added ${param(event, 'userName')} to IAM group ${param(event, 'groupName')} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `admin-group:${accountOf(event)}:${param(event, 'groupName')}:${param(event, 'userName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      groupName: param(event, 'groupName'),
      userName: param(event, 'userName'),
    }
  },

  tests: [
    {
      name: 'User added to Admins',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'AddUserToGroup',
        requestParameters: { groupName: 'Admins', userName: 'mallory' },
        responseElements: null,
      }),
    },
    {
      name: 'User added to a developer group',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'AddUserToGroup',
        requestParameters: { groupName: 'Developers', userName: 'dave' },
        responseElements: null,
      }),
    },
  ],
})
