import { defineRule, type AWSGuardDutyEvent } from 'caracal/sdk'
import { getPath, getString } from '../helpers/aws.js'

/** GuardDuty's high band starts at 7.0; critical findings (Attack Sequence) at 9.0. */
const HIGH_SEVERITY = 7.0
const CRITICAL_SEVERITY = 9.0

/** The affected resource, as an analyst would name it. */
function resourceOf(event: AWSGuardDutyEvent): string {
  const resource = event.resource
  return (
    getString(resource, 'instanceDetails', 'instanceId') ||
    getString(resource, 'accessKeyDetails', 'userName') ||
    getString(resource, 'eksClusterDetails', 'name') ||
    getString(resource, 'resourceType') ||
    'unknown resource'
  )
}

/** Panther's AWS.GuardDuty.HighSeverityFinding. */
export default defineRule({
  id: 'AWS.GuardDuty.HighSeverityFinding',
  name: 'AWS GuardDuty High Severity Finding',
  logTypes: ['AWS.GuardDuty'],
  severity: 'HIGH',
  description:
    'Amazon GuardDuty raised a finding with a severity of 7.0 or more: a resource is ' +
    'compromised or actively being used for malicious activity. Archived findings are ignored.',
  reference: 'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_findings-severity.html',
  runbook:
    'Open the finding in the GuardDuty console and follow the remediation for its type ' +
    '(https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_remediate.html): isolate ' +
    'compromised instances with a quarantine security group and snapshot their volumes, ' +
    'deactivate compromised credentials, and review CloudTrail for the principal involved.',
  tags: ['AWS', 'GuardDuty'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004', 'TA0040:T1496'] },
  dedupPeriodMinutes: 360,

  dynamicSeverity(event) {
    return event.severity >= CRITICAL_SEVERITY ? 'CRITICAL' : 'DEFAULT'
  },

  rule(event) {
    return event.severity >= HIGH_SEVERITY && getPath(event.service, 'archived') !== true
  },

  title(event) {
    return `GuardDuty: ${event.title} (${event.type}) on ${resourceOf(event)} in ${event.accountId}`
  },

  dedup(event) {
    return `guardduty:${event.accountId}:${event.type}:${resourceOf(event)}`
  },

  alertContext(event) {
    return {
      findingId: event.id,
      findingType: event.type,
      severity: event.severity,
      accountId: event.accountId,
      region: event.region,
      resource: resourceOf(event),
      resourceType: getString(event.resource, 'resourceType'),
      actionType: getString(event.service, 'action', 'actionType'),
      count: getPath(event.service, 'count') ?? null,
    }
  },

  tests: [
    {
      name: 'Instance talking to a known C2 server',
      expect: true,
      event: {
        schemaVersion: '2.0',
        accountId: '123456789012',
        region: 'us-east-1',
        partition: 'aws',
        id: '16afba5c5c43e07c9e3e5e2e544e95df',
        arn: 'arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/16afba5c5c43e07c9e3e5e2e544e95df',
        type: 'Backdoor:EC2/C&CActivity.B',
        resource: {
          resourceType: 'Instance',
          instanceDetails: {
            instanceId: 'i-0123456789abcdef0',
            instanceType: 't3.medium',
            imageId: 'ami-0abcdef1234567890',
            availabilityZone: 'us-east-1a',
          },
        },
        service: {
          serviceName: 'guardduty',
          detectorId: '12abc34d567e8fa901bc2d34e56789f0',
          action: {
            actionType: 'NETWORK_CONNECTION',
            networkConnectionAction: {
              connectionDirection: 'OUTBOUND',
              remoteIpDetails: { ipAddressV4: '198.51.100.200' },
              remotePortDetails: { port: 443, portName: 'HTTPS' },
              protocol: 'TCP',
              blocked: false,
            },
          },
          archived: false,
          count: 3,
          eventFirstSeen: '2024-05-02T09:00:00.000Z',
          eventLastSeen: '2024-05-02T09:12:00.000Z',
        },
        severity: 8,
        createdAt: '2024-05-02 09:02:11.000',
        updatedAt: '2024-05-02 09:13:40.000',
        title:
          'EC2 instance i-0123456789abcdef0 is querying an IP address associated with a known command and control server.',
        p_log_type: 'AWS.GuardDuty',
        p_event_time: '2024-05-02 09:13:40.000',
      },
    },
    {
      name: 'Low-severity port probe',
      expect: false,
      event: {
        schemaVersion: '2.0',
        accountId: '123456789012',
        region: 'us-east-1',
        id: '2cb0f6d0e3d14e2e9b1f1a2b3c4d5e6f',
        arn: 'arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/2cb0f6d0e3d14e2e9b1f1a2b3c4d5e6f',
        type: 'Recon:EC2/PortProbeUnprotectedPort',
        resource: {
          resourceType: 'Instance',
          instanceDetails: { instanceId: 'i-0123456789abcdef0' },
        },
        service: { serviceName: 'guardduty', archived: false, count: 12 },
        severity: 2,
        createdAt: '2024-05-02 08:00:00.000',
        updatedAt: '2024-05-02 09:00:00.000',
        title: 'Unprotected port on EC2 instance i-0123456789abcdef0 is being probed.',
        p_log_type: 'AWS.GuardDuty',
        p_event_time: '2024-05-02 09:00:00.000',
      },
    },
    {
      name: 'Archived high-severity finding',
      expect: false,
      event: {
        schemaVersion: '2.0',
        accountId: '123456789012',
        region: 'us-east-1',
        id: '3dc1a7e1f4e25f3f0c2a2b3c4d5e6f70',
        arn: 'arn:aws:guardduty:us-east-1:123456789012:detector/12abc34d567e8fa901bc2d34e56789f0/finding/3dc1a7e1f4e25f3f0c2a2b3c4d5e6f70',
        type: 'CryptoCurrency:EC2/BitcoinTool.B!DNS',
        resource: {
          resourceType: 'Instance',
          instanceDetails: { instanceId: 'i-0fedcba9876543210' },
        },
        service: { serviceName: 'guardduty', archived: true, count: 1 },
        severity: 8,
        createdAt: '2024-05-01 08:00:00.000',
        updatedAt: '2024-05-01 09:00:00.000',
        title:
          'EC2 instance i-0fedcba9876543210 is querying a domain name that is associated with Bitcoin-related activity.',
        p_log_type: 'AWS.GuardDuty',
        p_event_time: '2024-05-01 09:00:00.000',
      },
    },
  ],
})
