import { defineRule } from 'caracal/sdk'

/** Many ET SCAN alerts from one source: active reconnaissance. */
export default defineRule({
  id: 'Suricata.Alert.ScanBurst',
  name: 'Suricata Network Scan Burst from One Source',
  logTypes: ['Suricata.Alert'],
  severity: 'LOW',
  description:
    'At least 20 Suricata scan alerts (ET SCAN signatures or the "Detection of a Network ' +
    'Scan" classtype) from the same source address within 15 minutes.',
  reference: 'https://attack.mitre.org/techniques/T1046/',
  runbook:
    'If the source is internal, it is either an authorized scanner (vulnerability management, ' +
    'asset discovery – add it to an allowlist) or a compromised host doing discovery: check ' +
    'its EDR for nmap/masscan or unusual processes. If external, confirm the perimeter blocks ' +
    'it and check whether any scanned port then saw a successful connection.',
  tags: ['Suricata', 'IDS', 'Discovery', 'Reconnaissance'],
  reports: { 'MITRE ATT&CK': ['TA0007:T1046', 'TA0043:T1595.001'] },
  dedupPeriodMinutes: 15,
  threshold: 20,

  rule(event) {
    return (
      /^(ET|ETPRO) SCAN\b/.test(event.alert.signature ?? '') ||
      event.alert.category === 'Detection of a Network Scan'
    )
  },

  title(event) {
    return `Suricata: network scan from ${event.src_ip ?? 'unknown'}`
  },

  dedup(event) {
    return `suricata-scan:${event.src_ip ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      srcIp: event.src_ip ?? null,
      destIp: event.dest_ip ?? null,
      destPort: event.dest_port ?? null,
      signature: event.alert.signature ?? null,
      sensor: event.host ?? null,
    }
  },

  tests: [
    {
      name: 'Nmap SYN scan signature',
      expect: true,
      event: {
        timestamp: '2024-06-12 05:00:01.120',
        event_type: 'alert',
        src_ip: '10.20.9.99',
        src_port: 61000,
        dest_ip: '10.20.1.5',
        dest_port: 445,
        proto: 'TCP',
        alert: {
          action: 'allowed',
          gid: 1,
          signature_id: 2009582,
          rev: 3,
          signature: 'ET SCAN NMAP -sS window 1024',
          category: 'Attempted Information Leak',
          severity: 2,
        },
        p_log_type: 'Suricata.Alert',
      },
    },
    {
      name: 'Malware signature is not a scan',
      expect: false,
      event: {
        timestamp: '2024-06-12 05:00:09.000',
        event_type: 'alert',
        src_ip: '10.20.4.33',
        dest_ip: '193.142.146.35',
        dest_port: 80,
        alert: {
          signature_id: 2032749,
          signature: 'ET MALWARE Cobalt Strike Beacon Activity (GET)',
          category: 'A Network Trojan was detected',
          severity: 1,
        },
        p_log_type: 'Suricata.Alert',
      },
    },
  ],
})
