import { defineRule } from 'caracal/sdk'

/**
 * TLDs that are cheap or free to register and over-represented in abuse reports (Spamhaus,
 * Interisle). Tune for your environment: some have legitimate uses.
 */
const SUSPICIOUS_TLDS = new Set([
  'top',
  'xyz',
  'tk',
  'ml',
  'ga',
  'cf',
  'gq',
  'zip',
  'mov',
  'click',
  'country',
  'kim',
  'work',
  'rest',
  'cam',
  'icu',
  'su',
  'onion',
])

function tldOf(query: string): string {
  const labels = query.toLowerCase().replace(/\.$/, '').split('.')
  return labels.length > 1 ? (labels[labels.length - 1] ?? '') : ''
}

/** Zeek DNS: a host resolved a name under a TLD favoured by malware and phishing. */
export default defineRule({
  id: 'Zeek.DNS.SuspiciousTLD',
  name: 'Zeek DNS Query to Suspicious TLD',
  logTypes: ['Zeek.DNS.TSV'],
  severity: 'LOW',
  description:
    'A host resolved a domain under a top-level domain that is heavily abused for malware ' +
    'delivery, phishing and C2 (.top, .xyz, .tk, .zip, .mov, .onion …), and the name resolved.',
  reference: 'https://www.spamhaus.org/reputation-statistics/cctlds/domains/',
  runbook:
    'Look up the domain in threat intelligence (age, registrar, reputation). Find which ' +
    'process on the source host made the query (EDR, proxy logs) and whether connections to ' +
    'the answers followed in conn.log. Block the domain if it is malicious and investigate ' +
    'the host; otherwise add the domain to an allowlist.',
  tags: ['Zeek', 'DNS', 'Command and Control'],
  reports: { 'MITRE ATT&CK': ['TA0011:T1071.004', 'TA0011:T1568'] },
  dedupPeriodMinutes: 720,

  rule(event) {
    const query = event.query ?? ''
    // .onion should never resolve; any lookup means a misconfigured Tor client or malware.
    const tld = tldOf(query)
    if (!SUSPICIOUS_TLDS.has(tld)) return false
    return tld === 'onion' || event.rcode_name === 'NOERROR'
  },

  title(event) {
    return `Zeek DNS: ${event['id.orig_h'] ?? 'unknown'} resolved ${event.query ?? ''}`
  },

  dedup(event) {
    return `zeek-dns-tld:${event['id.orig_h'] ?? ''}:${(event.query ?? '').toLowerCase()}`
  },

  alertContext(event) {
    return {
      sourceIp: event['id.orig_h'] ?? null,
      resolver: event['id.resp_h'] ?? null,
      query: event.query ?? null,
      qtype: event.qtype_name ?? null,
      rcode: event.rcode_name ?? null,
      answers: event.answers ?? null,
      uid: event.uid,
    }
  },

  tests: [
    {
      name: 'Resolved .top domain',
      expect: true,
      event: {
        ts: '2024-06-12 10:11:12.345',
        uid: 'CHhAvVGS1DHFjwGM9',
        'id.orig_h': '10.20.4.33',
        'id.orig_p': 53211,
        'id.resp_h': '10.20.0.2',
        'id.resp_p': 53,
        proto: 'udp',
        trans_id: 40123,
        rtt: 0.021,
        query: 'update-cdn-check.top',
        qclass: 1,
        qclass_name: 'C_INTERNET',
        qtype: 1,
        qtype_name: 'A',
        rcode: 0,
        rcode_name: 'NOERROR',
        AA: false,
        TC: false,
        RD: true,
        RA: true,
        Z: 0,
        answers: ['104.21.55.10'],
        TTLs: [300],
        rejected: false,
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
    {
      name: 'Ordinary .com lookup',
      expect: false,
      event: {
        ts: '2024-06-12 10:11:13.000',
        uid: 'C4J4Th3PJpwUYZZ6gc',
        'id.orig_h': '10.20.4.33',
        'id.resp_h': '10.20.0.2',
        'id.resp_p': 53,
        proto: 'udp',
        query: 'www.github.com',
        qtype_name: 'A',
        rcode_name: 'NOERROR',
        answers: ['140.82.121.4'],
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
    {
      name: 'NXDOMAIN for a .xyz name is ignored',
      expect: false,
      event: {
        ts: '2024-06-12 10:11:14.000',
        uid: 'C5J4Th3PJpwUYZZ6gd',
        'id.orig_h': '10.20.4.33',
        query: 'typo.xyz',
        qtype_name: 'A',
        rcode_name: 'NXDOMAIN',
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
  ],
})
