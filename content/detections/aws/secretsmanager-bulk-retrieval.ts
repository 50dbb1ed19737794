import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  assumedRoleIdentity,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = ['GetSecretValue', 'BatchGetSecretValue']

/** Panther's AWS.SecretsManager.RetrieveSecretsMultiRegion / bulk retrieval style rule. */
export default defineRule({
  id: 'AWS.SecretsManager.BulkSecretRetrieval',
  name: 'AWS Secrets Manager Bulk Secret Retrieval',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'One principal read many Secrets Manager secret values within ten minutes. Applications ' +
    'read the same few secrets; harvesting all of them is what an attacker with ' +
    'secretsmanager:GetSecretValue does after gaining a foothold.',
  reference:
    'https://docs.aws.amazon.com/secretsmanager/latest/userguide/monitoring-cloudtrail.html',
  runbook:
    "List which secrets were read (the grouped events' secretId). If the principal is not a " +
    'known automation that reads many secrets (a deployment or rotation job), treat every ' +
    "secret read as exposed: rotate them, and deactivate the principal's credentials.",
  tags: ['AWS', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1555.006'] },
  dedupPeriodMinutes: 10,
  threshold: 15,

  rule(event) {
    return (
      event.eventSource === 'secretsmanager.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event) &&
      // Services reading secrets on a customer's behalf (RDS, ECS task start) are expected.
      event.userIdentity?.type !== 'AWSService'
    )
  },

  title(event) {
    return `${actorOf(event)} retrieved many Secrets Manager secrets in account ${accountOf(event)}`
  },

  dedup(event) {
    return `bulk-secrets:${accountOf(event)}:${event.userIdentity?.arn ?? actorOf(event)}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), secretId: param(event, 'secretId') || null }
  },

  tests: [
    {
      name: 'Role session reads a secret',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: assumedRoleIdentity('ci-runner', 'i-0123456789abcdef0'),
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'GetSecretValue',
        readOnly: true,
        requestParameters: { secretId: 'prod/payments/stripe-api-key' },
        responseElements: null,
      }),
    },
    {
      name: 'Secret value read denied',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'GetSecretValue',
        readOnly: true,
        errorCode: 'AccessDeniedException',
        requestParameters: { secretId: 'prod/payments/stripe-api-key' },
      }),
    },
    {
      name: 'Secrets listed',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'ListSecrets',
        readOnly: true,
        requestParameters: null,
      }),
    },
  ],
})
