import { defineRule } from 'caracal/sdk'
import { webContext, webRequest, type WebAccessEvent } from '../helpers/network.js'

/** User-agent substrings of common offensive scanners and fuzzers, lower-cased. */
const SCANNERS = [
  'sqlmap',
  'nikto',
  'nuclei',
  'masscan',
  'zgrab',
  'wpscan',
  'dirbuster',
  'gobuster',
  'feroxbuster',
  'ffuf',
  'wfuzz',
  'acunetix',
  'netsparker',
  'nessus',
  'openvas',
  'nmap scripting engine',
  'jaeles',
  'arachni',
  'w3af',
  'hydra',
  'commix',
  'whatweb',
]

function scannerOf(event: WebAccessEvent): string {
  const ua = webRequest(event).userAgent.toLowerCase()
  return SCANNERS.find((s) => ua.includes(s)) ?? ''
}

/** Requests whose User-Agent names an offensive web scanner. */
export default defineRule({
  id: 'Web.Scanner.UserAgent',
  name: 'Web Vulnerability Scanner User-Agent',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'LOW',
  description:
    'A web server received requests whose User-Agent names a vulnerability scanner or fuzzer ' +
    '(sqlmap, Nikto, Nuclei, WPScan, gobuster, ffuf, Acunetix …). Attackers and bug bounty ' +
    'hunters leave these defaults in place.',
  reference: 'https://attack.mitre.org/techniques/T1595/002/',
  runbook:
    'Check whether the source IP belongs to an authorized scan (your vulnerability management ' +
    'or a pentest). If not, look at the status codes it received: 200 responses to attack ' +
    'paths deserve a closer look at the application logs. Block the IP at the WAF or edge if ' +
    'the scan continues.',
  tags: ['Web', 'Reconnaissance'],
  reports: { 'MITRE ATT&CK': ['TA0043:T1595.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return scannerOf(event) !== ''
  },

  // sqlmap and commix actively exploit injections; the others mostly enumerate.
  dynamicSeverity(event) {
    return ['sqlmap', 'commix'].includes(scannerOf(event)) ? 'MEDIUM' : 'DEFAULT'
  },

  title(event) {
    return `Web scanner ${scannerOf(event)} from ${webRequest(event).clientIp || 'unknown'}`
  },

  dedup(event) {
    return `web-scanner:${webRequest(event).clientIp}:${scannerOf(event)}`
  },

  alertContext(event) {
    return { ...webContext(event), scanner: scannerOf(event) }
  },

  tests: [
    {
      name: 'Nikto against Nginx',
      expect: true,
      event: {
        remoteAddr: '45.83.64.12',
        remoteUser: '-',
        time: '2024-06-12 08:01:22.000',
        request: 'GET /admin/config.php HTTP/1.1',
        status: 404,
        bodyBytesSent: 153,
        httpReferer: '-',
        httpUserAgent: 'Mozilla/5.00 (Nikto/2.1.6) (Evasions:None) (Test:000375)',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: 'sqlmap against Apache',
      expect: true,
      event: {
        remote_host_ip_address: '185.191.171.5',
        client_identity_rfc_1413: '-',
        request_user: '-',
        request_time: '2024-06-12 08:02:00.000',
        request_method: 'GET',
        request_uri: '/products.php?id=1',
        request_protocol: 'HTTP/1.1',
        response_status: 200,
        response_size: 5120,
        referer: '-',
        user_agent: 'sqlmap/1.7.2#stable (https://sqlmap.org)',
        p_log_type: 'Apache.AccessCombined',
      },
    },
    {
      name: 'Regular browser',
      expect: false,
      event: {
        remoteAddr: '198.51.100.7',
        time: '2024-06-12 08:03:00.000',
        request: 'GET /index.html HTTP/2.0',
        status: 200,
        bodyBytesSent: 8812,
        httpUserAgent:
          'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0 Safari/537.36',
        p_log_type: 'Nginx.Access',
      },
    },
  ],
})
