import { defineRule } from 'caracal/sdk'

/** Well-known high ports that legitimately carry long sessions. */
const COMMON_HIGH_PORTS = new Set([
  1194, 1723, 3389, 3478, 4500, 5060, 5061, 5222, 5223, 5228, 8080, 8443, 8883, 9243, 19302,
])

const MIN_DURATION_SECONDS = 4 * 3600

/** Zeek conn: long-lived outbound TCP session to an uncommon high port (beaconing / tunnels). */
export default defineRule({
  id: 'Zeek.Conn.LongDurationRareHighPort',
  name: 'Zeek Long Connection to Uncommon High Port',
  logTypes: ['Zeek.Conn.TSV'],
  severity: 'LOW',
  description:
    'An internal host held a TCP connection to an external address on an uncommon port above ' +
    '1024 for more than 4 hours. Reverse shells, tunnels and C2 frameworks often use ' +
    'non-standard ports and long-lived sessions.',
  reference: 'https://attack.mitre.org/techniques/T1571/',
  runbook:
    'Look up the destination IP (ASN, reputation, passive DNS). Find the process that owns the ' +
    'connection on the source host. Legitimate cases include games, VPN clients and vendor ' +
    'agents; add those ports or destinations to COMMON_HIGH_PORTS or an allowlist. Otherwise ' +
    'capture the traffic, isolate the host, and look for the persistence that launches it.',
  tags: ['Zeek', 'Network', 'Command and Control'],
  reports: { 'MITRE ATT&CK': ['TA0011:T1571', 'TA0011:T1095'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    const port = event['id.resp_p'] ?? 0
    return (
      event.proto === 'tcp' &&
      event.local_orig === true &&
      event.local_resp !== true &&
      port > 1024 &&
      !COMMON_HIGH_PORTS.has(port) &&
      (event.duration ?? 0) >= MIN_DURATION_SECONDS
    )
  },

  title(event) {
    const hours = ((event.duration ?? 0) / 3600).toFixed(1)
    return (
      `Zeek: ${hours}h connection from ${event['id.orig_h'] ?? '?'} to ` +
      `${event['id.resp_h'] ?? '?'}:${event['id.resp_p'] ?? '?'}`
    )
  },

  dedup(event) {
    return `zeek-long-conn:${event['id.orig_h'] ?? ''}:${event['id.resp_h'] ?? ''}:${event['id.resp_p'] ?? ''}`
  },

  alertContext(event) {
    return {
      sourceIp: event['id.orig_h'] ?? null,
      destIp: event['id.resp_h'] ?? null,
      destPort: event['id.resp_p'] ?? null,
      durationSeconds: event.duration ?? null,
      origBytes: event.orig_bytes ?? null,
      respBytes: event.resp_bytes ?? null,
      service: event.service ?? null,
      connState: event.conn_state ?? null,
      uid: event.uid,
    }
  },

  tests: [
    {
      name: '9-hour session to port 4444',
      expect: true,
      event: {
        ts: '2024-06-11 22:00:00.000',
        uid: 'C1rUgd3w5pX4CfH8a1',
        'id.orig_h': '10.20.4.77',
        'id.orig_p': 49870,
        'id.resp_h': '198.51.100.14',
        'id.resp_p': 4444,
        proto: 'tcp',
        duration: 32410.2,
        orig_bytes: 812233,
        resp_bytes: 1022331,
        conn_state: 'SF',
        local_orig: true,
        local_resp: false,
        history: 'ShADadfF',
        p_log_type: 'Zeek.Conn.TSV',
      },
    },
    {
      name: 'Long HTTPS session on 443',
      expect: false,
      event: {
        ts: '2024-06-11 22:00:00.000',
        uid: 'C2rUgd3w5pX4CfH8a2',
        'id.orig_h': '10.20.4.77',
        'id.orig_p': 49871,
        'id.resp_h': '140.82.112.25',
        'id.resp_p': 443,
        proto: 'tcp',
        service: 'ssl',
        duration: 30000,
        conn_state: 'SF',
        local_orig: true,
        local_resp: false,
        p_log_type: 'Zeek.Conn.TSV',
      },
    },
  ],
})
