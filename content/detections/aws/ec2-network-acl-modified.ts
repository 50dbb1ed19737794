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
  'CreateNetworkAcl',
  'CreateNetworkAclEntry',
  'DeleteNetworkAcl',
  'DeleteNetworkAclEntry',
  'ReplaceNetworkAclEntry',
  'ReplaceNetworkAclAssociation',
]

/** Panther's AWS.EC2.NetworkACLModified (CIS 4.11). */
export default defineRule({
  id: 'AWS.EC2.NetworkACLModified',
  name: 'AWS Network ACL Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'INFO',
  description:
    'A network ACL or one of its entries was created, replaced or deleted. NACLs are a subnet ' +
    'boundary; loosening one can expose everything in the subnet.',
  reference: 'https://docs.aws.amazon.com/vpc/latest/userguide/vpc-network-acls.html',
  runbook:
    'Confirm the change matches a deployment or change ticket. For entries, check for rules ' +
    'that allow 0.0.0.0/0 or deny logging/monitoring traffic; revert unexplained changes.',
  tags: ['AWS', 'EC2', 'Network', 'CIS'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.007'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    return `Network ACL ${param(event, 'networkAclId') || param(event, 'vpcId')} changed (${event.eventName}) by ${actorOf(event)}`
  },

  dedup(event) {
    return `nacl:${accountOf(event)}:${param(event, 'networkAclId') || param(event, 'vpcId')}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      networkAclId: param(event, 'networkAclId') || null,
      cidrBlock: param(event, 'cidrBlock') || null,
      ruleAction: param(event, 'ruleAction') || null,
    }
  },

  tests: [
    {
      name: 'Allow-all entry added',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'CreateNetworkAclEntry',
        requestParameters: {
          networkAclId: 'acl-0ab12cd34ef567890',
          ruleNumber: 90,
          egress: false,
          ruleAction: 'allow',
          icmpTypeCode: {},
          portRange: { from: 0, to: 65535 },
          aclProtocol: '-1',
          cidrBlock: '0.0.0.0/0',
        },
        responseElements: { requestId: 'b3f0a1c2-1d2e-4f50-8a9b-0c1d2e3f4a5b', _return: true },
      }),
    },
    {
      name: 'NACLs described',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeNetworkAcls',
        readOnly: true,
        requestParameters: { networkAclIdSet: {}, filterSet: {} },
      }),
    },
  ],
})
