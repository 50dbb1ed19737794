import { defineRule } from 'caracal/sdk'

/** Bytes sent by an internal host to one external address in a single connection. */
const OUTBOUND_BYTES_THRESHOLD = 1024 ** 3 // 1 GiB

/** Zeek conn: an internal host uploaded over 1 GiB to an external host in one connection. */
export default defineRule({
  id: 'Zeek.Conn.LargeOutboundTransfer',
  name: 'Zeek Large Outbound Data Transfer',
  logTypes: ['Zeek.Conn.TSV'],
  severity: 'MEDIUM',
  description:
    'A single connection from a local host to a non-local address carried more than 1 GiB ' +
    'from the originator, and the originator sent far more than it received. Bulk uploads to ' +
    'unknown destinations are a common sign of data exfiltration.',
  reference: 'https://attack.mitre.org/techniques/T1048/',
  runbook:
    'Identify the destination (reverse DNS, ASN, TLS SNI in ssl.log for the same uid): cloud ' +
    'backup, a sanctioned file-sharing service or an unknown host? Find the process on the ' +
    'source host responsible (EDR network events). If the destination is not sanctioned, ' +
    'determine what data was sent, block the destination, and escalate as a possible breach.',
  tags: ['Zeek', 'Network', 'Exfiltration'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1048', 'TA0010:T1041'] },
  dedupPeriodMinutes: 360,

  rule(event) {
    const sent = event.orig_bytes ?? 0
    const received = event.resp_bytes ?? 0
    return (
      event.local_orig === true &&
      event.local_resp !== true &&
      sent >= OUTBOUND_BYTES_THRESHOLD &&
      sent > received * 10
    )
  },

  title(event) {
    const gib = ((event.orig_bytes ?? 0) / 1024 ** 3).toFixed(1)
    return (
      `Zeek: ${event['id.orig_h'] ?? '?'} sent ${gib} GiB to ` +
      `${event['id.resp_h'] ?? '?'}:${event['id.resp_p'] ?? '?'}`
    )
  },

  dedup(event) {
    return `zeek-exfil:${event['id.orig_h'] ?? ''}:${event['id.resp_h'] ?? ''}`
  },

  alertContext(event) {
    return {
      sourceIp: event['id.orig_h'] ?? null,
      destIp: event['id.resp_h'] ?? null,
      destPort: event['id.resp_p'] ?? null,
      proto: event.proto ?? null,
      service: event.service ?? null,
      origBytes: event.orig_bytes ?? null,
      respBytes: event.resp_bytes ?? null,
      durationSeconds: event.duration ?? null,
      uid: event.uid,
    }
  },

  tests: [
    {
      name: '3.2 GB upload over HTTPS to an unknown host',
      expect: true,
      event: {
        ts: '2024-06-12 02:10:00.000',
        uid: 'CwTLJM1gSzR8Qh4fk7',
        'id.orig_h': '10.20.7.12',
        'id.orig_p': 51522,
        'id.resp_h': '203.0.113.88',
        'id.resp_p': 443,
        proto: 'tcp',
        service: 'ssl',
        duration: 2412.55,
        orig_bytes: 3435973837,
        resp_bytes: 2211840,
        conn_state: 'SF',
        local_orig: true,
        local_resp: false,
        missed_bytes: 0,
        history: 'ShADadFf',
        orig_pkts: 2381022,
        orig_ip_bytes: 3531214717,
        resp_pkts: 1203112,
        resp_ip_bytes: 50336320,
        p_log_type: 'Zeek.Conn.TSV',
      },
    },
    {
      name: 'Large download (responder sent the data)',
      expect: false,
      event: {
        ts: '2024-06-12 02:20:00.000',
        uid: 'CxTLJM1gSzR8Qh4fk8',
        'id.orig_h': '10.20.7.12',
        'id.orig_p': 51600,
        'id.resp_h': '151.101.2.132',
        'id.resp_p': 443,
        proto: 'tcp',
        service: 'ssl',
        duration: 120.1,
        orig_bytes: 1802240,
        resp_bytes: 4294967296,
        conn_state: 'SF',
        local_orig: true,
        local_resp: false,
        p_log_type: 'Zeek.Conn.TSV',
      },
    },
  ],
})
