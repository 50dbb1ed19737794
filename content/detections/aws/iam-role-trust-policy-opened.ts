import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  isAnyonePrincipal,
  isObject,
  param,
  parsePolicy,
  succeeded,
} from '../helpers/aws.js'

/** Accounts trusted to assume roles here besides the account itself. Edit to match yours. */
const TRUSTED_ACCOUNTS: readonly string[] = []

/** The principals in a trust policy that are outside the account and the trusted list. */
function untrustedPrincipals(event: AWSCloudTrailEvent): string[] {
  // UpdateAssumeRolePolicy names it policyDocument, CreateRole assumeRolePolicyDocument.
  const policy = parsePolicy(
    param(event, 'policyDocument') || param(event, 'assumeRolePolicyDocument'),
  )
  const own = accountOf(event)
  const found: string[] = []
  for (const statement of asList(policy?.Statement).filter(isObject)) {
    if (statement.Effect !== 'Allow') continue
    if (isAnyonePrincipal(statement.Principal)) {
      found.push('*')
      continue
    }
    for (const arn of asList(getPath(statement.Principal, 'AWS'))) {
      if (typeof arn !== 'string') continue
      // A bare 12-digit id or an ARN whose fifth field is the account.
      const account = /^\d{12}$/.test(arn) ? arn : (arn.split(':')[4] ?? '')
      if (account !== own && !TRUSTED_ACCOUNTS.includes(account)) found.push(arn)
    }
  }
  return found
}

/** Panther's AWS.IAM.BackdoorRoleTrustPolicy style rule. */
export default defineRule({
  id: 'AWS.IAM.RoleTrustPolicyOpened',
  name: 'AWS IAM Role Trust Policy Opened To External Principal',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'A role trust policy was updated (UpdateAssumeRolePolicy) or a role created (CreateRole) so ' +
    'that principals from an untrusted account, or anyone ("*"), may assume it. This is a ' +
    'well-known backdoor that survives the rotation of every credential in the account.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_update-role-trust-policy.html',
  runbook:
    'Identify the external account in alertContext.untrustedPrincipals. If it is not a known ' +
    'partner or one of your accounts, restore the previous trust policy, look for AssumeRole ' +
    'calls into the role from that account, and investigate the actor. Add legitimate partner ' +
    'accounts to TRUSTED_ACCOUNTS.',
  tags: ['AWS', 'Identity & Access Management', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      (event.eventName === 'UpdateAssumeRolePolicy' || event.eventName === 'CreateRole') &&
      succeeded(event) &&
      untrustedPrincipals(event).length > 0
    )
  },

  title(event) {
    return `Role ${param(event, 'roleName')} can now be assumed by ${untrustedPrincipals(event).join(', ')} (changed by ${actorOf(event)})`
  },

  dedup(event) {
    return `role-trust:${accountOf(event)}:${param(event, 'roleName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      roleName: param(event, 'roleName'),
      untrustedPrincipals: untrustedPrincipals(event),
    }
  },

  tests: [
    {
      name: 'Trust policy opened to an unknown account',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateAssumeRolePolicy',
        requestParameters: {
          roleName: 'prod-admin',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::123456789012:root","arn:aws:iam::999988887777:root"]},"Action":"sts:AssumeRole"}]}',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Role created trusting anyone',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        requestParameters: {
          roleName: 'support-access',
          assumeRolePolicyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"*"},"Action":"sts:AssumeRole"}]}',
        },
      }),
    },
    {
      name: 'Trust policy for an EC2 service role',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateAssumeRolePolicy',
        requestParameters: {
          roleName: 'web-instance',
          policyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Role trusted by its own account',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'CreateRole',
        requestParameters: {
          roleName: 'break-glass',
          assumeRolePolicyDocument:
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:user/alice"},"Action":"sts:AssumeRole"}]}',
        },
      }),
    },
  ],
})
