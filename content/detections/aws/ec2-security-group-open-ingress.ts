import { defineRule, type AWSCloudTrailEvent } from 'caracal/sdk'
import {
  accountOf,
  actorOf,
  asList,
  cloudTrailContext,
  cloudTrailTestEvent,
  getPath,
  getString,
  isObject,
  isOpenCidr,
  param,
  succeeded,
} from '../helpers/aws.js'

/** The port ranges opened to the whole internet by an AuthorizeSecurityGroupIngress call. */
function openRanges(event: AWSCloudTrailEvent): string[] {
  const found: string[] = []
  const params = event.requestParameters
  // Legacy form: a single rule given directly with cidrIp.
  if (isOpenCidr(getString(params, 'cidrIp'))) found.push('all (cidrIp)')
  for (const perm of asList(getPath(params, 'ipPermissions', 'items')).filter(isObject)) {
    const ranges = [
      ...asList(getPath(perm, 'ipRanges', 'items')).map((r) => getString(r, 'cidrIp')),
      ...asList(getPath(perm, 'ipv6Ranges', 'items')).map((r) => getString(r, 'cidrIpv6')),
    ]
    if (!ranges.some(isOpenCidr)) continue
    const protocol = getString(perm, 'ipProtocol')
    const from = getPath(perm, 'fromPort')
    const to = getPath(perm, 'toPort')
    const port = (v: typeof from): string => (typeof v === 'number' ? String(v) : '?')
    found.push(protocol === '-1' ? 'all traffic' : `${protocol}/${port(from)}-${port(to)}`)
  }
  return found
}

/** Panther's AWS.EC2.SecurityGroupModified, narrowed to internet-wide ingress. */
export default defineRule({
  id: 'AWS.EC2.SecurityGroupOpenIngress',
  name: 'AWS Security Group Opened To The Internet',
  logTypes: ['AWS.CloudTrail'],
  severity: 'MEDIUM',
  description:
    'An ingress rule allowing 0.0.0.0/0 or ::/0 was added to a security group. Services behind ' +
    'it (SSH, RDP, databases) become reachable from anywhere.',
  reference: 'https://docs.aws.amazon.com/vpc/latest/userguide/security-group-rules.html',
  runbook:
    'Identify the instances and load balancers using the group (aws ec2 describe-network-interfaces ' +
    '--filters Name=group-id,Values=<id>). Unless it fronts a public service on 80/443, revoke the ' +
    'rule or narrow it to known ranges, and check VPC flow logs for inbound connections since.',
  tags: ['AWS', 'EC2', 'Network'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.007'] },
  dedupPeriodMinutes: 60,

  dynamicSeverity(event) {
    // Opening web ports only is common and usually intended.
    const ranges = openRanges(event)
    return ranges.every((r) => r === 'tcp/443-443' || r === 'tcp/80-80') ? 'LOW' : 'DEFAULT'
  },

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      event.eventName === 'AuthorizeSecurityGroupIngress' &&
      succeeded(event) &&
      openRanges(event).length > 0
    )
  },

  title(event) {
    const group = param(event, 'groupId') || param(event, 'groupName')
    return `Security group ${group} opened to the internet (${openRanges(event).join(', ')}) by ${actorOf(event)}`
  },

  dedup(event) {
    return `sg-open:${accountOf(event)}:${param(event, 'groupId') || param(event, 'groupName')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      groupId: param(event, 'groupId') || null,
      groupName: param(event, 'groupName') || null,
      openRanges: openRanges(event),
    }
  },

  tests: [
    {
      name: 'SSH opened to 0.0.0.0/0',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          groupId: 'sg-0a1b2c3d4e5f67890',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 22,
                toPort: 22,
                groups: {},
                ipRanges: { items: [{ cidrIp: '0.0.0.0/0', description: 'temp' }] },
                ipv6Ranges: {},
                prefixListIds: {},
              },
            ],
          },
        },
        responseElements: {
          requestId: '0c7d1a3e-5f2b-4c11-9a8e-2b6f4d9e1a7c',
          _return: true,
          securityGroupRuleSet: {
            items: [
              {
                groupOwnerId: '123456789012',
                groupId: 'sg-0a1b2c3d4e5f67890',
                securityGroupRuleId: 'sgr-0123456789abcdef0',
                isEgress: false,
                ipProtocol: 'tcp',
                fromPort: 22,
                toPort: 22,
                cidrIpv4: '0.0.0.0/0',
              },
            ],
          },
        },
      }),
    },
    {
      name: 'All traffic from ::/0',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          groupId: 'sg-0a1b2c3d4e5f67890',
          ipPermissions: {
            items: [
              {
                ipProtocol: '-1',
                groups: {},
                ipRanges: {},
                ipv6Ranges: { items: [{ cidrIpv6: '::/0' }] },
                prefixListIds: {},
              },
            ],
          },
        },
      }),
    },
    {
      name: 'SSH from the office range',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'AuthorizeSecurityGroupIngress',
        requestParameters: {
          groupId: 'sg-0a1b2c3d4e5f67890',
          ipPermissions: {
            items: [
              {
                ipProtocol: 'tcp',
                fromPort: 22,
                toPort: 22,
                groups: {},
                ipRanges: { items: [{ cidrIp: '203.0.113.0/24' }] },
                ipv6Ranges: {},
                prefixListIds: {},
              },
            ],
          },
        },
      }),
    },
  ],
})
