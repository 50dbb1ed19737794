import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  succeeded,
} from '../helpers/aws.js'

/** Panther's AWS.EC2.EBSEncryptionDisabled. */
export default defineRule({
  id: 'AWS.EC2.EBSDefaultEncryptionDisabled',
  name: 'AWS EBS Default Encryption Disabled',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'EBS encryption by default was turned off for a region. New volumes and snapshot copies ' +
    'are then created unencrypted, which breaks data-at-rest controls and eases data theft ' +
    'through shared snapshots.',
  reference: 'https://docs.aws.amazon.com/ebs/latest/userguide/encryption-by-default.html',
  runbook:
    'Re-enable it (aws ec2 enable-ebs-encryption-by-default --region <region>). Ask the actor ' +
    'why, and list volumes created unencrypted since (aws ec2 describe-volumes --filters ' +
    'Name=encrypted,Values=false).',
  tags: ['AWS', 'EC2', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      event.eventName === 'DisableEbsEncryptionByDefault' &&
      succeeded(event)
    )
  },

  title(event) {
    return `EBS default encryption disabled in ${event.awsRegion ?? 'unknown region'} by ${actorOf(event)} (account ${accountOf(event)})`
  },

  dedup(event) {
    return `ebs-encryption:${accountOf(event)}:${event.awsRegion ?? ''}`
  },

  alertContext(event) {
    return cloudTrailContext(event)
  },

  tests: [
    {
      name: 'Default encryption disabled',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DisableEbsEncryptionByDefault',
        requestParameters: { DisableEbsEncryptionByDefaultRequest: '' },
        responseElements: {
          DisableEbsEncryptionByDefaultResponse: {
            xmlns: 'http://ec2.amazonaws.com/doc/2016-11-15/',
            ebsEncryptionByDefault: false,
            requestId: 'e7c6a0f2-3b1d-4e5f-9a8b-7c6d5e4f3a2b',
          },
        },
      }),
    },
    {
      name: 'Default encryption enabled',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'EnableEbsEncryptionByDefault',
        requestParameters: { EnableEbsEncryptionByDefaultRequest: '' },
      }),
    },
  ],
})
