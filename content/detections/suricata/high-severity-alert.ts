import { defineRule } from 'caracal/sdk'

/** Suricata alert with signature priority 1, the highest. */
export default defineRule({
  id: 'Suricata.Alert.HighSeverity',
  name: 'Suricata High Severity Alert',
  logTypes: ['Suricata.Alert'],
  severity: 'HIGH',
  description:
    'Suricata raised an alert whose signature has priority 1 (the highest). Priority 1 ' +
    'signatures cover exploitation, malware and command-and-control traffic that rarely ' +
    'fires on benign traffic.',
  reference: 'https://docs.suricata.io/en/latest/output/eve/eve-json-format.html#event-type-alert',
  runbook:
    'Read the signature and its rule (sid) to learn what it detects. Identify the internal ' +
    'host (src_ip or dest_ip) and pivot on flow_id / community_id into the flow, HTTP, DNS and ' +
    'TLS logs. Check whether the action was "blocked" or only "allowed". If the traffic reached ' +
    'the host, look for follow-up activity on it (new processes, outbound connections) and ' +
    'isolate it if the alert looks genuine.',
  tags: ['Suricata', 'IDS', 'Network'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1190', 'TA0011:T1071'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.alert.severity === 1
  },

  title(event) {
    return (
      `Suricata: ${event.alert.signature ?? 'unknown signature'} ` +
      `(${event.src_ip ?? '?'} → ${event.dest_ip ?? '?'}:${event.dest_port ?? '?'})`
    )
  },

  dedup(event) {
    return `suricata-high:${event.alert.signature_id ?? 0}:${event.src_ip ?? ''}:${event.dest_ip ?? ''}`
  },

  alertContext(event) {
    return {
      signature: event.alert.signature ?? null,
      signatureId: event.alert.signature_id ?? null,
      category: event.alert.category ?? null,
      action: event.alert.action ?? null,
      srcIp: event.src_ip ?? null,
      srcPort: event.src_port ?? null,
      destIp: event.dest_ip ?? null,
      destPort: event.dest_port ?? null,
      proto: event.proto ?? null,
      appProto: event.app_proto ?? null,
      flowId: event.flow_id ?? null,
      communityId: event.community_id ?? null,
      sensor: event.host ?? null,
    }
  },

  tests: [
    {
      name: 'Priority 1 trojan C2 signature',
      expect: true,
      event: {
        timestamp: '2024-06-11 14:22:31.418',
        flow_id: 1805461738637437,
        in_iface: 'eth1',
        event_type: 'alert',
        src_ip: '10.20.4.17',
        src_port: 49822,
        dest_ip: '185.220.101.47',
        dest_port: 443,
        proto: 'TCP',
        community_id: '1:LQU9qZlK+B5F3KDmev6m5PMibrg=',
        alert: {
          action: 'allowed',
          gid: 1,
          signature_id: 2027863,
          rev: 4,
          signature: 'ET MALWARE Cobalt Strike Beacon Observed',
          category: 'A Network Trojan was detected',
          severity: 1,
        },
        app_proto: 'tls',
        p_log_type: 'Suricata.Alert',
      },
    },
    {
      name: 'Priority 3 informational signature',
      expect: false,
      event: {
        timestamp: '2024-06-11 14:25:02.001',
        flow_id: 2210491738637412,
        event_type: 'alert',
        src_ip: '10.20.4.17',
        src_port: 51234,
        dest_ip: '151.101.1.69',
        dest_port: 443,
        proto: 'TCP',
        alert: {
          action: 'allowed',
          gid: 1,
          signature_id: 2013028,
          rev: 7,
          signature: 'ET POLICY curl User-Agent Outbound',
          category: 'Attempted Information Leak',
          severity: 2,
        },
        p_log_type: 'Suricata.Alert',
      },
    },
  ],
})
