import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.CloudTrail.IAMCompromisedKeyQuarantine. */
export default defineRule({
  id: 'AWS.IAM.CompromisedKeyQuarantine',
  name: 'AWS Quarantined A Compromised Access Key',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    "AWS attached the AWSCompromisedKeyQuarantine policy to an IAM user: AWS found the user's " +
    'access key exposed publicly (for example in a public GitHub repository) and restricted it.',
  reference:
    'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSCompromisedKeyQuarantineV3.html',
  runbook:
    'Read the AWS Health / support case about the exposure. Deactivate and delete the exposed ' +
    'key, create a new one if needed, remove the secret from the public location and its ' +
    'history, and review CloudTrail for calls signed with the key before the quarantine.',
  tags: ['AWS', 'Identity & Access Management', 'Credential Access'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1552.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'iam.amazonaws.com' &&
      event.eventName === 'AttachUserPolicy' &&
      succeeded(event) &&
      /\/AWSCompromisedKeyQuarantine(V\d+)?$/.test(param(event, 'policyArn'))
    )
  },

  title(event) {
    return `AWS quarantined a compromised access key of IAM user ${param(event, 'userName')} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `key-quarantine:${accountOf(event)}:${param(event, 'userName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      userName: param(event, 'userName'),
      policyArn: param(event, 'policyArn'),
    }
  },

  tests: [
    {
      name: 'Quarantine policy attached',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: {
          type: 'AssumedRole',
          principalId: 'AROAEXAMPLEAWSOPS0001:AWSCompromisedKeyQuarantine',
          arn: 'arn:aws:sts::123456789012:assumed-role/AWSHealthEventProcessorRole/AWSCompromisedKeyQuarantine',
          accountId: '123456789012',
        },
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachUserPolicy',
        sourceIPAddress: 'AWS Internal',
        userAgent: 'AWS Internal',
        requestParameters: {
          userName: 'deploy-bot',
          policyArn: 'arn:aws:iam::aws:policy/AWSCompromisedKeyQuarantineV3',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Other policy attached',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'iam.amazonaws.com',
        eventName: 'AttachUserPolicy',
        requestParameters: {
          userName: 'deploy-bot',
          policyArn: 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess',
        },
      }),
    },
  ],
})
