import { defineRule } from 'caracal/sdk'
import { webContext, webRequest } from '../helpers/network.js'

/** Many 4xx responses to one client: directory brute forcing or fuzzing. */
export default defineRule({
  id: 'Web.ClientErrors.BurstFromIP',
  name: 'Web Burst of 4xx Responses from One IP',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'LOW',
  description:
    'At least 100 requests from the same client IP answered with a 4xx status (not found, ' +
    'forbidden, unauthorized …) within 10 minutes: content discovery with a wordlist, ' +
    'parameter fuzzing, or credential stuffing against a login form (401/403).',
  reference: 'https://attack.mitre.org/techniques/T1595/003/',
  runbook:
    'Look at the paths requested and the mix of status codes. Mostly 404s over many paths is ' +
    'wordlist scanning: check for any 200 on sensitive paths (/.git/, /.env, backups). Many ' +
    '401/403 on a login endpoint is brute force: check for a later 200/302 from the same IP. ' +
    'Rate-limit or block the IP at the edge.',
  tags: ['Web', 'Reconnaissance'],
  reports: { 'MITRE ATT&CK': ['TA0043:T1595.003', 'TA0006:T1110'] },
  dedupPeriodMinutes: 10,
  threshold: 100,

  rule(event) {
    const status = webRequest(event).status ?? 0
    return status >= 400 && status < 500 && webRequest(event).clientIp !== ''
  },

  title(event) {
    return `Web: burst of 4xx responses to ${webRequest(event).clientIp}`
  },

  dedup(event) {
    return `web-4xx:${webRequest(event).clientIp}`
  },

  alertContext(event) {
    return webContext(event)
  },

  tests: [
    {
      name: '404 on a wordlist path',
      expect: true,
      event: {
        remoteAddr: '185.224.128.17',
        time: '2024-06-12 11:00:00.000',
        request: 'GET /.env.backup HTTP/1.1',
        status: 404,
        bodyBytesSent: 153,
        httpUserAgent: 'Mozilla/5.0 (X11; Linux x86_64)',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: '200 response',
      expect: false,
      event: {
        remote_host_ip_address: '198.51.100.7',
        request_time: '2024-06-12 11:00:01.000',
        request_method: 'GET',
        request_uri: '/index.html',
        request_protocol: 'HTTP/1.1',
        response_status: 200,
        response_size: 8812,
        p_log_type: 'Apache.AccessCombined',
      },
    },
  ],
})
