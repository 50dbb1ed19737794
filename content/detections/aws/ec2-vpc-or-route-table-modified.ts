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
  'CreateRoute',
  'ReplaceRoute',
  'DeleteRoute',
  'CreateRouteTable',
  'DeleteRouteTable',
  'ReplaceRouteTableAssociation',
  'DisassociateRouteTable',
  'CreateVpc',
  'DeleteVpc',
  'ModifyVpcAttribute',
  'AcceptVpcPeeringConnection',
  'CreateVpcPeeringConnection',
  'DeleteVpcPeeringConnection',
  'AttachInternetGateway',
  'DetachInternetGateway',
  'AttachClassicLinkVpc',
  'EnableVpcClassicLink',
  'DeleteFlowLogs',
]

/** Panther's AWS.EC2.RouteTableModified and AWS.EC2.VPCModified (CIS 4.13, 4.14). */
export default defineRule({
  id: 'AWS.EC2.VPCOrRouteTableModified',
  name: 'AWS VPC Or Route Table Modified',
  logTypes: ['AWS.CloudTrail'],
  severity: 'INFO',
  description:
    'A VPC, its routing, peering, internet gateway or flow logs changed. Such changes can open ' +
    'private networks to the internet, route traffic through an attacker, or stop flow logging.',
  reference: 'https://docs.aws.amazon.com/vpc/latest/userguide/VPC_Route_Tables.html',
  runbook:
    'Match the change with your infrastructure-as-code history. Pay attention to routes to ' +
    'unknown peering connections or instances, internet gateways attached to private VPCs, and ' +
    "DeleteFlowLogs; revert unexplained changes and review the actor's session.",
  tags: ['AWS', 'EC2', 'Network', 'CIS'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.007', 'TA0005:T1578'] },
  dedupPeriodMinutes: 60,

  dynamicSeverity(event) {
    // Deleting flow logs blinds network monitoring.
    return event.eventName === 'DeleteFlowLogs' ? 'MEDIUM' : 'DEFAULT'
  },

  rule(event) {
    return (
      event.eventSource === 'ec2.amazonaws.com' &&
      EVENTS.includes(event.eventName) &&
      succeeded(event)
    )
  },

  title(event) {
    const target =
      param(event, 'routeTableId') || param(event, 'vpcId') || param(event, 'internetGatewayId')
    return `${event.eventName} ${target} by ${actorOf(event)} in account ${accountOf(event)}`
  },

  dedup(event) {
    return `vpc-change:${accountOf(event)}:${actorOf(event)}:${event.eventName}`
  },

  alertContext(event) {
    return {
      ...cloudTrailContext(event),
      vpcId: param(event, 'vpcId') || null,
      routeTableId: param(event, 'routeTableId') || null,
      destinationCidrBlock: param(event, 'destinationCidrBlock') || null,
    }
  },

  tests: [
    {
      name: 'Default route replaced',
      expect: true,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'ReplaceRoute',
        requestParameters: {
          routeTableId: 'rtb-0123456789abcdef0',
          destinationCidrBlock: '0.0.0.0/0',
          instanceId: 'i-0fedcba9876543210',
        },
        responseElements: { requestId: 'c1d2e3f4-a5b6-4c7d-8e9f-0a1b2c3d4e5f', _return: true },
      }),
    },
    {
      name: 'Route tables described',
      expect: false,
      event: cloudTrailTestEvent({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'DescribeRouteTables',
        readOnly: true,
        requestParameters: { routeTableIdSet: {}, filterSet: {} },
      }),
    },
  ],
})
