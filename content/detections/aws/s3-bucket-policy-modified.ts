import { defineRule } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  cloudTrailContext,
  cloudTrailTestEvent,
  param,
  succeeded,
} from '../helpers/aws.js'

const EVENTS = [
  'PutBucketPolicy',
  'DeleteBucketPolicy',
  'PutBucketAcl',
  'PutBucketCors',
  'DeleteBucketCors',
  'PutBucketLifecycle',
  'DeleteBucketLifecycle',
  'PutBucketReplication',
  'DeleteBucketReplication',
  'PutBucketEncryption',
  'DeleteBucketEncryption',
  'PutBucketLogging',
  'PutBucketVersioning',
]

/** Panther's AWS.S3.BucketPolicyModified. */
export default defineRule({
  id: 'AWS.S3.BucketPolicyModified',
  name: 'AWS S3 Bucket Policy Or Configuration Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'INFO',
  description:
    'The access policy, ACL, CORS, lifecycle, replication, encryption, logging or versioning ' +
    'configuration of an S3 bucket changed. Each can expose data, copy it elsewhere (replication) ' +
    'or destroy it (lifecycle); this is an audit trail for review.',
  reference:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
  runbook:
    'Check that the change was made by your deployment tooling or an approved engineer. For ' +
    "replication, check the destination bucket's account; for lifecycle, check for short " +
    'expirations; for encryption and logging, check nothing was switched off. Revert anything ' +
    'unexplained.',
  tags: ['AWS', 'S3'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562', 'TA0010:T1537'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 's3.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    return `S3 bucket ${param(event, 'bucketName')} ${event.eventName} by ${actorOf(event)}`
  },

  dedup(event) {
    return `s3-config:${accountOf(event)}:${param(event, 'bucketName')}:${actorOf(event)}`
  },

  alertContext(event) {
    return { ...cloudTrailContext(event), bucketName: param(event, 'bucketName') }
  },

  tests: [
    {
      name: 'Bucket replication configured',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketReplication',
        requestParameters: {
          bucketName: 'finance-archive',
          Host: 'finance-archive.s3.amazonaws.com',
          replication: '',
          ReplicationConfiguration: {
            Role: 'arn:aws:iam::123456789012:role/s3-replication',
            Rule: {
              Status: 'Enabled',
              Destination: { Bucket: 'arn:aws:s3:::attacker-bucket-999' },
            },
          },
        },
        responseElements: null,
      }),
    },
    {
      name: 'Bucket policy read',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'GetBucketPolicy',
        readOnly: true,
        requestParameters: { bucketName: 'finance-archive', policy: '' },
        responseElements: null,
      }),
    },
  ],
})
