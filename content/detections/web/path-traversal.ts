import { defineRule } from 'caracal/sdk'
import { decodeUri, webContext, webRequest, type WebAccessEvent } from '../helpers/network.js'

const TRAVERSAL_PATTERNS: [string, RegExp][] = [
  ['dot-dot-slash', /(\.\.[/\\]){2,}/],
  ['/etc/passwd', /\/etc\/(passwd|shadow|hosts)\b/],
  ['/proc/self', /\/proc\/self\/(environ|cmdline|fd)/],
  ['windows system file', /\b(win\.ini|boot\.ini|system32[/\\])/],
  ['php wrapper', /\b(php|file|expect|zip|phar):\/\//],
]

function traversalMatch(event: WebAccessEvent): string {
  // Overlong UTF-8 dots (%c0%ae) decode to U+FFFD; treat them as dots too.
  const raw = webRequest(event).uri.replace(/%c0%ae/gi, '.')
  const uri = decodeUri(raw).toLowerCase()
  return TRAVERSAL_PATTERNS.find(([, re]) => re.test(uri))?.[0] ?? ''
}

/** Directory traversal and local file inclusion payloads in the request URI. */
export default defineRule({
  id: 'Web.PathTraversal.Attempt',
  name: 'Web Path Traversal / Local File Inclusion Attempt',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'MEDIUM',
  description:
    'The decoded request URI contains directory traversal sequences (../../), references to ' +
    'sensitive system files (/etc/passwd, /proc/self/environ, win.ini) or PHP stream wrappers ' +
    'used for local file inclusion.',
  reference: 'https://owasp.org/www-community/attacks/Path_Traversal',
  runbook:
    'Check the response: a 200 with a body size close to the target file (e.g. /etc/passwd is ' +
    'typically 1–3 KB) means the file was likely disclosed. Review other requests from the ' +
    'client IP for follow-up access. If disclosure happened, rotate any secrets the file could ' +
    'expose, patch the handler, and block the IP.',
  tags: ['Web', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1190', 'TA0007:T1083'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return traversalMatch(event) !== ''
  },

  dynamicSeverity(event) {
    return webRequest(event).status === 200 ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const req = webRequest(event)
    return `Path traversal attempt (${traversalMatch(event)}) from ${req.clientIp || 'unknown'} – HTTP ${req.status ?? '?'}`
  },

  dedup(event) {
    return `web-traversal:${webRequest(event).clientIp}`
  },

  alertContext(event) {
    return {
      ...webContext(event),
      pattern: traversalMatch(event),
      decodedUri: decodeUri(webRequest(event).uri),
    }
  },

  tests: [
    {
      name: 'Encoded traversal to /etc/passwd',
      expect: true,
      event: {
        remoteAddr: '91.92.243.10',
        time: '2024-06-12 10:00:00.000',
        request: 'GET /download?file=..%2f..%2f..%2f..%2fetc%2fpasswd HTTP/1.1',
        status: 200,
        bodyBytesSent: 1893,
        httpUserAgent: 'curl/8.4.0',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: 'CVE-2021-41773 Apache traversal',
      expect: true,
      event: {
        remote_host_ip_address: '91.92.243.10',
        request_time: '2024-06-12 10:01:00.000',
        request_method: 'GET',
        request_uri: '/cgi-bin/.%2e/.%2e/.%2e/.%2e/etc/passwd',
        request_protocol: 'HTTP/1.1',
        response_status: 403,
        response_size: 199,
        user_agent: 'Mozilla/5.0',
        p_log_type: 'Apache.AccessCombined',
      },
    },
    {
      name: 'Relative asset path with a single ../',
      expect: false,
      event: {
        remoteAddr: '198.51.100.7',
        time: '2024-06-12 10:02:00.000',
        request: 'GET /static/css/../img/logo.png HTTP/1.1',
        status: 200,
        p_log_type: 'Nginx.Access',
      },
    },
  ],
})
