import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  isObject,
  param,
  policyIsPublic,
  succeeded,
} from '../helpers/aws.js'

const PUBLIC_GROUPS = [
  'http://acs.amazonaws.com/groups/global/AllUsers',
  'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
]

/** True when a PutBucketAcl request grants anything to everyone or to any AWS account. */
function aclIsPublic(event: AWSCloudTrailEvent): boolean {
  const params = event.requestParameters
  // Canned ACLs arrive as the x-amz-acl header.
  const canned = asList(getPath(params, 'x-amz-acl'))
  if (
    canned.some(
      (v) => v === 'public-read' || v === 'public-read-write' || v === 'authenticated-read',
    )
  ) {
    return true
  }
  const grants = asList(getPath(params, 'AccessControlPolicy', 'AccessControlList', 'Grant'))
  return grants.filter(isObject).some((grant) => {
    const uri = getPath(grant, 'Grantee', 'URI')
    return typeof uri === 'string' && PUBLIC_GROUPS.includes(uri)
  })
}

/** Why the call makes the bucket public, or '' when it does not. */
function exposure(event: AWSCloudTrailEvent): string {
  switch (event.eventName) {
    case 'PutBucketAcl':
      return aclIsPublic(event) ? 'ACL grants AllUsers/AuthenticatedUsers' : ''
    case 'PutBucketPolicy':
      return policyIsPublic(getPath(event.requestParameters, 'bucketPolicy'))
        ? 'bucket policy allows Principal *'
        : ''
    case 'DeleteBucketPublicAccessBlock':
      return 'public access block removed'
    default:
      return ''
  }
}

/** Panther's AWS.S3.BucketPolicyModified / AWS.S3.Bucket.PublicAccess family, for exposure. */
export default defineRule({
  id: 'AWS.S3.BucketMadePublic',
  name: 'AWS S3 Bucket Made Public',
  logTypes: ['AWS.CloudTrail'],
  severity: 'HIGH',
  description:
    'An S3 bucket was exposed to the internet: its ACL granted access to AllUsers or ' +
    'AuthenticatedUsers, a bucket policy allowed Principal "*" without conditions, or its ' +
    'Block Public Access configuration was deleted.',
  reference:
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html',
  runbook:
    'Check whether the bucket is meant to be public (static website, public dataset). If not, ' +
    'restore Block Public Access and revert the ACL or policy, then review the S3 server access ' +
    'logs or CloudTrail data events for anonymous GetObject/ListBucket since the change.',
  tags: ['AWS', 'S3', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1537', 'TA0009:T1530'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.eventSource === 's3.amazonaws.com' && succeeded(event) && exposure(event) !== ''
  },

  title(event) {
    return `S3 bucket ${param(event, 'bucketName')} made public (${exposure(event)}) by ${actorOf(event)}`
  },

  dedup(event) {
    return `s3-public:${accountOf(event)}:${param(event, 'bucketName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      bucketName: param(event, 'bucketName'),
      exposure: exposure(event),
    }
  },

  tests: [
    {
      name: 'ACL grants READ to AllUsers',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketAcl',
        requestParameters: {
          bucketName: 'customer-exports',
          Host: 'customer-exports.s3.us-east-1.amazonaws.com',
          acl: '',
          AccessControlPolicy: {
            AccessControlList: {
              Grant: [
                {
                  Grantee: {
                    'xsi:type': 'CanonicalUser',
                    ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
                  },
                  Permission: 'FULL_CONTROL',
                },
                {
                  Grantee: {
                    'xsi:type': 'Group',
                    URI: 'http://acs.amazonaws.com/groups/global/AllUsers',
                  },
                  Permission: 'READ',
                },
              ],
            },
            xmlns: 'http://s3.amazonaws.com/doc/2006-03-01/',
            Owner: { ID: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
          },
        },
        responseElements: null,
      }),
    },
    {
      name: 'Policy with Principal *',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketName: 'customer-exports',
          Host: 'customer-exports.s3.amazonaws.com',
          policy: '',
          bucketPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'PublicRead',
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::customer-exports/*',
              },
            ],
          },
        },
        responseElements: null,
      }),
    },
    {
      name: 'Public access block deleted',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'DeleteBucketPublicAccessBlock',
        requestParameters: {
          bucketName: 'customer-exports',
          Host: 'customer-exports.s3.amazonaws.com',
          publicAccessBlock: '',
        },
        responseElements: null,
      }),
    },
    {
      name: 'Policy restricted to a VPC endpoint',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketPolicy',
        requestParameters: {
          bucketName: 'internal-data',
          bucketPolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: '*',
                Action: 's3:GetObject',
                Resource: 'arn:aws:s3:::internal-data/*',
                Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } },
              },
            ],
          },
        },
        responseElements: null,
      }),
    },
    {
      name: 'Private ACL',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 's3.amazonaws.com',
        eventName: 'PutBucketAcl',
        requestParameters: { bucketName: 'internal-data', 'x-amz-acl': ['private'], acl: '' },
        responseElements: null,
      }),
    },
  ],
})
