import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  grantsFullAdmin,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.IAM.PolicyModified, narrowed to escalation via a new default version. */
export default defineRule({
  id: 'AWS.IAM.AdminPolicyVersionCreated',
  name: 'AWS IAM Policy Version Grants Full Admin',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A new default version of a customer-managed policy allows Action "*" on Resource "*". ' +
    'iam:CreatePolicyVersion on a policy attached to oneself is a known privilege escalation ' +
    'path: every principal using the policy becomes an administrator.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html',
  runbook:
    'Restore the previous default version (aws iam set-default-policy-version) and delete the ' +
    'new one. List the principals the policy is attached to, review their activity since the ' +
    'change, and remove iam:CreatePolicyVersion from the actor unless required.',
  tags: ['AWS', 'Identity & Access Management', 'Privilege Escalation'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      event.eventName === 'CreatePolicyVersion' &&
      succeeded(event) &&
      getPath(event.requestParameters, 'setAsDefault') === true &&
      grantsFullAdmin(param(event, 'policyDocument'))
    )
  },

  title(event) {
    return `Policy ${param(event, 'policyArn')} now grants full admin (changed by ${actorOf(event)})`
  },

  dedup(event) {
    return `admin-policy-version:${accountOf(event)}:${param(event, 'policyArn')}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), policyArn: param(event, 'policyArn') }
  },

  tests: [
    {
      name: 'Admin version set as default',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicyVersion',
        requestParameters: {
          policyArn: 'arn:aws:iam::123456789012:policy/developer-boundary',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
          setAsDefault: true,
        },
        responseElements: {
          policyVersion: {
            versionId: 'v3',
            isDefaultVersion: true,
            createDate: 'May 2, 2024, 9:14:03 AM',
          },
        },
      }),
    },
    {
      name: 'Scoped version',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreatePolicyVersion',
        requestParameters: {
          policyArn: 'arn:aws:iam::123456789012:policy/developer-boundary',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::reports/*"}]}',
          setAsDefault: true,
        },
      }),
    },
  ],
})
