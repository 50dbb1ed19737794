import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  succeeded,
} from '../helpers/aws.js'

/** The weakest acceptable settings (CIS AWS Foundations 1.8-1.9). */
const MIN_LENGTH = 14
const MIN_REUSE_PREVENTION = 24

/** What makes the new policy weak, as a list of reasons; empty when it is strong enough. */
function weaknesses(event: AWSCloudTrailEvent): string[] {
  if (event.eventName === 'DeleteAccountPasswordPolicy') return ['password policy deleted']
  const params = event.requestParameters
  const reasons: string[] = []
  const length = getPath(params, 'minimumPasswordLength')
  if (typeof length !== 'number' || length < MIN_LENGTH)
    reasons.push(`minimum length ${typeof length === 'number' ? String(length) : 'default'}`)
  const reuse = getPath(params, 'passwordReusePrevention')
  if (typeof reuse !== 'number' || reuse < MIN_REUSE_PREVENTION)
    reasons.push('reuse prevention below 24')
  for (const key of [
    'requireSymbols',
    'requireNumbers',
    'requireUppercaseCharacters',
    'requireLowercaseCharacters',
  ]) {
    if (getPath(params, key) !== true) reasons.push(`${key} off`)
  }
  return reasons
}

/** Panther's AWS.IAM.PasswordPolicyChanged, judged against CIS. */
export default defineRule({
  id: 'AWS.IAM.PasswordPolicyWeakened',
  name: 'AWS IAM Password Policy Weakened',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'The account password policy was deleted or set below the CIS AWS Foundations baseline ' +
    '(14 characters, all character classes, 24 remembered passwords). Weak policies make ' +
    'password guessing against IAM users feasible.',
  reference:
    'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html',
  runbook:
    'Compare the new settings (alertContext.weaknesses) with your standard and restore it ' +
    '(aws iam update-account-password-policy). Ask the actor for the reason and check for ' +
    'password changes made while the weak policy was in force.',
  tags: ['AWS', 'Identity & Access Management', 'CIS'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098', 'TA0005:T1556'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      (event.eventName === 'UpdateAccountPasswordPolicy' ||
        event.eventName === 'DeleteAccountPasswordPolicy') &&
      succeeded(event) &&
      weaknesses(event).length > 0
    )
  },

  title(event) {
    return `AWS password policy weakened by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `password-policy:${accountOf(event)}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), weaknesses: weaknesses(event) }
  },

  tests: [
    {
      name: 'Length lowered to 6',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateAccountPasswordPolicy',
        requestParameters: {
          minimumPasswordLength: 6,
          requireSymbols: false,
          requireNumbers: false,
          requireUppercaseCharacters: false,
          requireLowercaseCharacters: false,
          allowUsersToChangePassword: true,
        },
        responseElements: null,
      }),
    },
    {
      name: 'CIS-compliant policy',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'UpdateAccountPasswordPolicy',
        requestParameters: {
          minimumPasswordLength: 16,
          requireSymbols: true,
          requireNumbers: true,
          requireUppercaseCharacters: true,
          requireLowercaseCharacters: true,
          allowUsersToChangePassword: true,
          maxPasswordAge: 90,
          passwordReusePrevention: 24,
        },
        responseElements: null,
      }),
    },
  ],
})
