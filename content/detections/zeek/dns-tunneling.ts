import { defineRule, type ZeekDNSTSVEvent } from 'caracal/sdk'

/** The longest label of the query name. */
function longestLabel(query: string): number {
  return Math.max(0, ...query.split('.').map((label) => label.length))
}

/** Shannon entropy, in bits per character, of the labels left of the registered domain. */
function subdomainEntropy(query: string): number {
  const sub = query.split('.').slice(0, -2).join('')
  if (sub.length === 0) return 0
  const counts = new Map<string, number>()
  for (const ch of sub.toLowerCase()) counts.set(ch, (counts.get(ch) ?? 0) + 1)
  let entropy = 0
  for (const n of counts.values()) {
    const p = n / sub.length
    entropy -= p * Math.log2(p)
  }
  return entropy
}

/** Why the query looks like tunneled data, or '' when it does not. */
function tunnelingReason(event: ZeekDNSTSVEvent): string {
  const query = event.query ?? ''
  // Reverse lookups and DNS-SD names are long but structured.
  if (/\.(in-addr|ip6)\.arpa\.?$/i.test(query) || /^_/.test(query)) return ''
  if (longestLabel(query) >= 52) return 'label of 52+ characters'
  if (query.length >= 120 && subdomainEntropy(query) >= 3.5) return 'long high-entropy name'
  if (event.qtype_name === 'NULL') return 'NULL record query'
  return ''
}

/** Zeek DNS: query names shaped like encoded data, typical of iodine, dnscat2 or DNS exfil. */
export default defineRule({
  id: 'Zeek.DNS.Tunneling',
  name: 'Zeek DNS Tunneling Indicators',
  logTypes: ['Zeek.DNS.TSV'],
  severity: 'MEDIUM',
  description:
    'DNS queries whose names carry encoded data: a label of 52 characters or more (the ' +
    'maximum is 63), a long name with high-entropy subdomains, or NULL record queries. ' +
    'Tools such as iodine, dnscat2 and many RATs tunnel traffic or exfiltrate data this way. ' +
    'Fires after 5 such queries from one host to one domain within 30 minutes.',
  reference: 'https://attack.mitre.org/techniques/T1071/004/',
  runbook:
    'Check the registered domain (last two labels) against threat intelligence and your own ' +
    'allowlist (some security and CDN products use long hashed names, e.g. antivirus cloud ' +
    'lookups). Find the process on the source host issuing the queries. Count the volume of ' +
    'queries to the domain: thousands of unique subdomains means a tunnel. Block the domain ' +
    'at the resolver and investigate the host.',
  tags: ['Zeek', 'DNS', 'Exfiltration', 'Command and Control'],
  reports: { 'MITRE ATT&CK': ['TA0011:T1071.004', 'TA0011:T1572', 'TA0010:T1048.003'] },
  dedupPeriodMinutes: 30,
  threshold: 5,

  rule(event) {
    return tunnelingReason(event) !== ''
  },

  title(event) {
    const domain = (event.query ?? '').split('.').slice(-2).join('.')
    return `Zeek DNS: possible tunneling from ${event['id.orig_h'] ?? 'unknown'} via ${domain}`
  },

  dedup(event) {
    const domain = (event.query ?? '').toLowerCase().split('.').slice(-2).join('.')
    return `zeek-dns-tunnel:${event['id.orig_h'] ?? ''}:${domain}`
  },

  alertContext(event) {
    const query = event.query ?? ''
    return {
      sourceIp: event['id.orig_h'] ?? null,
      resolver: event['id.resp_h'] ?? null,
      query,
      queryLength: query.length,
      longestLabel: longestLabel(query),
      entropy: Number(subdomainEntropy(query).toFixed(2)),
      qtype: event.qtype_name ?? null,
      reason: tunnelingReason(event),
    }
  },

  tests: [
    {
      name: 'dnscat2-style hex label',
      expect: true,
      event: {
        ts: '2024-06-12 11:00:00.120',
        uid: 'CmES5u32sYpV7JYN',
        'id.orig_h': '10.20.4.51',
        'id.orig_p': 40112,
        'id.resp_h': '10.20.0.2',
        'id.resp_p': 53,
        proto: 'udp',
        query:
          '3a1d01c8b7f2e4a5d9c0b1e2f3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6.d7e8f9.tunnel-cdn.net',
        qtype: 16,
        qtype_name: 'TXT',
        rcode_name: 'NOERROR',
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
    {
      name: 'Long but structured reverse lookup',
      expect: false,
      event: {
        ts: '2024-06-12 11:00:01.000',
        uid: 'CnES5u32sYpV7JYO',
        'id.orig_h': '10.20.4.51',
        query: 'b.a.9.8.7.6.5.0.4.0.0.0.3.0.0.0.2.0.0.0.1.0.0.0.0.0.0.0.1.2.3.4.ip6.arpa',
        qtype_name: 'PTR',
        rcode_name: 'NXDOMAIN',
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
    {
      name: 'Ordinary CDN name',
      expect: false,
      event: {
        ts: '2024-06-12 11:00:02.000',
        uid: 'CoES5u32sYpV7JYP',
        'id.orig_h': '10.20.4.51',
        query: 'd3h7zqj2x9wz1f.cloudfront.net',
        qtype_name: 'A',
        rcode_name: 'NOERROR',
        p_log_type: 'Zeek.DNS.TSV',
      },
    },
  ],
})
