import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  grantsFullAdmin,
  isAdminPolicyArn,
  param,
  succeeded,
} from '../helpers/aws.js'

const ATTACH = ['AttachUserPolicy', 'AttachGroupPolicy', 'AttachRolePolicy']
const INLINE = ['PutUserPolicy', 'PutGroupPolicy', 'PutRolePolicy']

/** The user, group or role the policy went to, e.g. `user/bob`. */
function targetOf(event: AWSCloudTrailEvent): string {
  if (param(event, 'userName')) return `user/${param(event, 'userName')}`
  if (param(event, 'groupName')) return `group/${param(event, 'groupName')}`
  return `role/${param(event, 'roleName')}`
}

/** Panther's AWS.IAM.AdminPolicyAttached: admin rights granted to a user, group or role. */
export default defineRule({
  id: 'AWS.IAM.AdminPolicyAttached',
  name: 'AWS IAM Administrator Policy Attached',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An administrator-level policy was granted to an IAM user, group or role: a managed policy ' +
    'such as AdministratorAccess or IAMFullAccess was attached, or an inline policy allowing ' +
    'Action "*" on Resource "*" was put. This is a classic privilege escalation step.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-attach-detach.html',
  runbook:
    'Check whether the change came from your infrastructure-as-code pipeline or an approved ' +
    'access request. If not, detach or delete the policy, review what the target principal did ' +
    'since, and investigate how the actor obtained iam:Attach*/iam:Put* permissions.',
  tags: ['AWS', 'Identity & Access Management', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    if (event.eventSource !== 'iam.amazonaws.com' || !succeeded(event)) return false
    if (ATTACH.includes(event.eventName)) return isAdminPolicyArn(param(event, 'policyArn'))
    if (INLINE.includes(event.eventName)) {
      return grantsFullAdmin(param(event, 'policyDocument'))
    }
    return false
  },

  title(event) {
    return `${actorOf(event)} granted administrator access to ${targetOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `admin-policy:${accountOf(event)}:${targetOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      userName: param(event, 'userName') || null,
      groupName: param(event, 'groupName') || null,
      roleName: param(event, 'roleName') || null,
      policyArn: param(event, 'policyArn') || null,
      policyName: param(event, 'policyName') || null,
    }
  },

  tests: [
    {
      name: 'AdministratorAccess attached to a user',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachUserPolicy',
        requestParameters: {
          userName: 'bob',
          policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Inline policy with full admin put on a role',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutRolePolicy',
        requestParameters: {
          roleName: 'lambda-exec',
          policyName: 'escalate',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Read-only policy attached',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachUserPolicy',
        requestParameters: {
          userName: 'bob',
          policyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Scoped inline policy',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'PutUserPolicy',
        requestParameters: {
          userName: 'bob',
          policyName: 's3-read',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws:s3:::reports/*"}]}',
        },
        responseElements: null,
      }),
    },
  ],
})
