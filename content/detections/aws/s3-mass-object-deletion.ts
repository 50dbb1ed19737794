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

const EVENTS = ['DeleteObject', 'DeleteObjects', 'DeleteObjectVersion']

/** Panther's AWS.S3.MassDeletion style rule (needs CloudTrail S3 data events). */
export default defineRule({
  id: 'AWS.S3.MassObjectDeletion',
  name: 'AWS S3 Mass Object Deletion',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'One principal deleted many objects from the same bucket within ten minutes (CloudTrail S3 ' +
    'data events). Mass deletion, especially of versions, is how cloud ransomware and sabotage ' +
    'destroy data.',
  reference:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html#cloudtrail-object-level-tracking',
  runbook:
    'Identify the principal and whether a lifecycle job or cleanup script explains it. If not, ' +
    "revoke the principal's sessions and keys, restore objects from versions or backups, and " +
    'check for a ransom note uploaded to the bucket and for data copied out beforehand.',
  tags: ['AWS', 'S3', 'Impact'],
  reports: { 'MITRE ATT&CK': ['TA0040:T1485'] },
  dedupPeriodMinutes: 10,
  threshold: 50,

  rule(event) {
    return (
      event.eventSource === 's3.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event) &&
      // Lifecycle expirations are logged as the S3 service, not a principal.
      event.userIdentity?.type !== 'AWSService'
    )
  },

  title(event) {
    return `Mass deletion in S3 bucket ${param(event, 'bucketName')} by ${actorOf(event)}`
  },

  dedup(event) {
    return `s3-mass-delete:${accountOf(event)}:${param(event, 'bucketName')}:${actorOf(event)}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      bucketName: param(event, 'bucketName'),
      key: param(event, 'key') || null,
    }
  },

  tests: [
    {
      name: 'Object deleted by a role session',
      expect: true,
      event: cloudTrailTestEvent({
        userIdentity: assumedRoleIdentity('ec2-app', 'i-0123456789abcdef0'),
        eventSource: 's3.amazonaws.com',
        eventName: 'DeleteObject',
        managementEvent: false,
        eventCategory: 'Data',
        requestParameters: {
          bucketName: 'finance-archive',
          Host: 'finance-archive.s3.us-east-1.amazonaws.com',
          key: 'ledgers/2023/q4.parquet',
        },
        responseElements: null,
        resources: [
          { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::finance-archive/ledgers/2023/q4.parquet' },
          {
            accountId: '123456789012',
            type: 'AWS::S3::Bucket',
            ARN: 'arn:aws:s3:::finance-archive',
          },
        ],
      }),
    },
    {
      name: 'Object read',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'GetObject',
        readOnly: true,
        managementEvent: false,
        eventCategory: 'Data',
        requestParameters: { bucketName: 'finance-archive', key: 'ledgers/2023/q4.parquet' },
      }),
    },
  ],
})
