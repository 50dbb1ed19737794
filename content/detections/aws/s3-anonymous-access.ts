import { defineRule, type AWSS3ServerAccessEvent } from 'caracal/sdk'

/** Buckets that are meant to be public (website assets, public datasets). Edit to match yours. */
const PUBLIC_BUCKETS: readonly string[] = []

function isAnonymous(event: AWSS3ServerAccessEvent): boolean {
  const requester = event.requester ?? ''
  return requester === '' || requester === '-'
}

/** Panther's AWS.S3.ServerAccess.Unauthenticated. */
export default defineRule({
  id: 'AWS.S3.ServerAccess.Unauthenticated',
  name: 'AWS S3 Anonymous Access',
  logTypes: ['AWS.S3ServerAccess'],
  severity: 'MEDIUM',
  description:
    'S3 server access logs show a successful request with no requester: an anonymous (public) ' +
    'read or write against a bucket that is not on the public allow-list. The bucket, or some ' +
    'objects in it, are publicly accessible.',
  reference: 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/LogFormat.html',
  runbook:
    "Check the bucket's Block Public Access settings, policy and ACLs, and the ACLs of the " +
    'objects requested. If the bucket should be private, block public access and assess what ' +
    'was read (key, bytessent, remoteip). If it is meant to be public, add it to PUBLIC_BUCKETS.',
  tags: ['AWS', 'S3', 'Collection'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1530'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const status = event.httpstatus ?? 0
    return (
      isAnonymous(event) &&
      status >= 200 &&
      status < 300 &&
      !PUBLIC_BUCKETS.includes(event.bucket ?? '')
    )
  },

  title(event) {
    return `Anonymous access to S3 bucket ${event.bucket ?? 'unknown'} from ${event.remoteip ?? 'unknown'}`
  },

  dedup(event) {
    return `s3-anonymous:${event.bucket ?? ''}`
  },

  alertContext(event) {
    return {
      bucket: event.bucket ?? null,
      key: event.key ?? null,
      operation: event.operation ?? null,
      remoteip: event.remoteip ?? null,
      useragent: event.useragent ?? null,
      httpstatus: event.httpstatus ?? null,
      bytessent: event.bytessent ?? null,
    }
  },

  tests: [
    {
      name: 'Anonymous object download',
      expect: true,
      event: {
        bucketowner: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        bucket: 'customer-exports',
        time: '2024-05-02 09:14:03.000',
        remoteip: '192.0.2.44',
        requestid: '3E57427F3EXAMPLE',
        operation: 'REST.GET.OBJECT',
        key: 'exports/2024-04/customers.csv',
        requesturi: 'GET /exports/2024-04/customers.csv HTTP/1.1',
        httpstatus: 200,
        bytessent: 2662992,
        objectsize: 2662992,
        totaltime: 70,
        turnaroundtime: 10,
        useragent: 'curl/8.4.0',
        hostid: 's9lzHYrFp76ZVxRcpX9+5cjAnEH2ROuNkd2BHfIa6UkFVdtjf5mKR3/eTPFvsiP/XV/VLi31234=',
        signatureversion: null,
        authenticationtype: null,
        hostheader: 'customer-exports.s3.us-east-1.amazonaws.com',
        tlsVersion: 'TLSv1.3',
        p_log_type: 'AWS.S3ServerAccess',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Authenticated download',
      expect: false,
      event: {
        bucketowner: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        bucket: 'customer-exports',
        time: '2024-05-02 09:14:03.000',
        remoteip: '198.51.100.23',
        requester: 'arn:aws:iam::123456789012:user/alice',
        requestid: '3E57427F3EXAMPLF',
        operation: 'REST.GET.OBJECT',
        key: 'exports/2024-04/customers.csv',
        httpstatus: 200,
        bytessent: 2662992,
        signatureversion: 'SigV4',
        authenticationtype: 'AuthHeader',
        p_log_type: 'AWS.S3ServerAccess',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Anonymous request denied',
      expect: false,
      event: {
        bucketowner: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be',
        bucket: 'customer-exports',
        time: '2024-05-02 09:15:00.000',
        remoteip: '192.0.2.44',
        requestid: '3E57427F3EXAMPLG',
        operation: 'REST.GET.BUCKET',
        httpstatus: 403,
        errorcode: 'AccessDenied',
        p_log_type: 'AWS.S3ServerAccess',
        p_event_time: '2024-05-02 09:15:00.000',
      },
    },
  ],
})
