import { defineRule, type AWSVPCFlowEvent } from 'caracal/sdk'
import { isPrivateIp } from '../helpers/aws.js'

/** Ports that should never be reachable from the internet, with the service they belong to. */
const RISKY_PORTS: ReadonlyMap<number, string> = new Map([
  [22, 'SSH'],
  [23, 'Telnet'],
  [135, 'MS-RPC'],
  [139, 'NetBIOS'],
  [445, 'SMB'],
  [1433, 'MSSQL'],
  [2375, 'Docker API'],
  [3306, 'MySQL'],
  [3389, 'RDP'],
  [5432, 'PostgreSQL'],
  [5900, 'VNC'],
  [6379, 'Redis'],
  [9200, 'Elasticsearch'],
  [11211, 'Memcached'],
  [27017, 'MongoDB'],
])

/** TCP and UDP; other protocols have no ports. */
const PORT_PROTOCOLS = [6, 17]

function service(event: AWSVPCFlowEvent): string {
  return RISKY_PORTS.get(event.dstPort ?? -1) ?? 'unknown'
}

/** Panther's AWS.VPC.InboundPortBlacklist. */
export default defineRule({
  id: 'AWS.VPC.InboundRiskyPort',
  name: 'AWS VPC Inbound Traffic To A Risky Port',
  logTypes: ['AWS.VPCFlow'],
  severity: 'HIGH',
  description:
    'VPC flow logs show accepted traffic from a public address to an administrative or ' +
    'database port (SSH, RDP, SMB, MySQL, Redis …) inside the VPC. These services should not ' +
    'be reachable from the internet; exposed ones are brute-forced and exploited within hours.',
  reference: 'https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html',
  runbook:
    'Find the security group and NACL that allowed the flow on the destination interface ' +
    '(interfaceId). Restrict the rule to known ranges or put the service behind a bastion/SSM ' +
    'Session Manager, then check the instance for successful logins from the source address.',
  tags: ['AWS', 'VPC', 'Network', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1133', 'TA0001:T1190'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const src = event.srcAddr ?? ''
    const dst = event.dstAddr ?? ''
    return (
      event.action === 'ACCEPT' &&
      PORT_PROTOCOLS.includes(event.protocol ?? -1) &&
      RISKY_PORTS.has(event.dstPort ?? -1) &&
      event.flowDirection !== 'egress' &&
      src !== '' &&
      !isPrivateIp(src) &&
      isPrivateIp(dst)
    )
  },

  title(event) {
    return `Inbound ${service(event)} (port ${String(event.dstPort)}) from ${event.srcAddr ?? ''} accepted to ${event.dstAddr ?? ''}`
  },

  dedup(event) {
    return `vpc-risky-port:${event.interfaceId ?? event.dstAddr ?? ''}:${String(event.dstPort)}`
  },

  alertContext(event) {
    return {
      srcAddr: event.srcAddr ?? null,
      dstAddr: event.dstAddr ?? null,
      dstPort: event.dstPort ?? null,
      service: service(event),
      protocol: event.protocol ?? null,
      interfaceId: event.interfaceId ?? null,
      instanceId: event.instanceId ?? null,
      vpcId: event.vpcId ?? null,
      account: event.account ?? null,
      packets: event.packets ?? null,
      bytes: event.bytes ?? null,
    }
  },

  tests: [
    {
      name: 'RDP from the internet accepted',
      expect: true,
      event: {
        version: 2,
        account: '123456789012',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '203.0.113.12',
        dstAddr: '172.31.16.139',
        srcPort: 49761,
        dstPort: 3389,
        protocol: 6,
        packets: 20,
        bytes: 4249,
        start: '2024-05-02 09:10:00.000',
        end: '2024-05-02 09:11:00.000',
        action: 'ACCEPT',
        status: 'OK',
        p_log_type: 'AWS.VPCFlow',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
    {
      name: 'RDP from the internet rejected',
      expect: false,
      event: {
        version: 2,
        account: '123456789012',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '203.0.113.12',
        dstAddr: '172.31.16.139',
        srcPort: 49761,
        dstPort: 3389,
        protocol: 6,
        packets: 1,
        bytes: 40,
        action: 'REJECT',
        status: 'OK',
        p_log_type: 'AWS.VPCFlow',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
    {
      name: 'HTTPS from the internet',
      expect: false,
      event: {
        version: 2,
        account: '123456789012',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '198.51.100.7',
        dstAddr: '172.31.16.139',
        srcPort: 51234,
        dstPort: 443,
        protocol: 6,
        packets: 30,
        bytes: 18200,
        action: 'ACCEPT',
        status: 'OK',
        p_log_type: 'AWS.VPCFlow',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
    {
      name: 'SSH between private hosts',
      expect: false,
      event: {
        version: 2,
        account: '123456789012',
        interfaceId: 'eni-1235b8ca123456789',
        srcAddr: '10.0.1.5',
        dstAddr: '10.0.2.8',
        srcPort: 50022,
        dstPort: 22,
        protocol: 6,
        packets: 40,
        bytes: 9000,
        action: 'ACCEPT',
        status: 'OK',
        p_log_type: 'AWS.VPCFlow',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
