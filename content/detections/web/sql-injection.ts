import { defineRule } from 'caracal/sdk'
import { decodeUri, webContext, webRequest, type WebAccessEvent } from '../helpers/network.js'

/** SQL injection payload shapes, matched on the decoded, lower-cased URI. */
const SQLI_PATTERNS: [string, RegExp][] = [
  ['union select', /\bunion(\s|\/\*.*?\*\/)+(all(\s|\/\*.*?\*\/)+)?select\b/],
  ['boolean tautology', /['"]\s*(or|and)\s+['"]?\d+['"]?\s*=\s*['"]?\d+/],
  ['time-based', /\b(sleep\s*\(\s*\d+|benchmark\s*\(|pg_sleep\s*\(|waitfor\s+delay\s+')/],
  ['schema enumeration', /\binformation_schema\b|\bsysobjects\b|\bpg_catalog\b/],
  ['stacked query', /;\s*(drop|insert|update|delete|exec|declare)\s/],
  ['xp_cmdshell', /\bxp_cmdshell\b/],
  ['error-based', /\b(extractvalue|updatexml)\s*\(|\bconvert\s*\(\s*int\s*,/],
]

function sqliMatch(event: WebAccessEvent): string {
  const uri = decodeUri(webRequest(event).uri).toLowerCase()
  return SQLI_PATTERNS.find(([, re]) => re.test(uri))?.[0] ?? ''
}

/** SQL injection payloads in the request URI. */
export default defineRule({
  id: 'Web.SQLInjection.Attempt',
  name: 'Web SQL Injection Attempt',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'MEDIUM',
  description:
    'The request URI (after URL decoding) contains a SQL injection payload: UNION SELECT, a ' +
    "' OR 1=1 tautology, time-based functions (SLEEP, BENCHMARK, pg_sleep, WAITFOR DELAY), " +
    'schema enumeration, stacked queries or xp_cmdshell.',
  reference: 'https://owasp.org/www-community/attacks/SQL_Injection',
  runbook:
    'Look at the response status and size for the request: a 200 with an unusually large or ' +
    'small body, or a 500, may mean the payload reached the database. Review the application ' +
    'and database logs for errors and slow queries at the same time, and other requests from ' +
    'the client IP. Fix the vulnerable parameter (parameterized queries) and block the IP.',
  tags: ['Web', 'Initial Access', 'Injection'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1190'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return sqliMatch(event) !== ''
  },

  // A server error suggests the payload broke the query, i.e. it reached the database.
  dynamicSeverity(event) {
    const status = webRequest(event).status ?? 0
    return status >= 500 ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const req = webRequest(event)
    return `SQL injection attempt (${sqliMatch(event)}) from ${req.clientIp || 'unknown'}`
  },

  dedup(event) {
    return `web-sqli:${webRequest(event).clientIp}`
  },

  alertContext(event) {
    return {
      ...webContext(event),
      pattern: sqliMatch(event),
      decodedUri: decodeUri(webRequest(event).uri),
    }
  },

  tests: [
    {
      name: 'URL-encoded UNION SELECT (Nginx)',
      expect: true,
      event: {
        remoteAddr: '103.145.13.99',
        time: '2024-06-12 09:10:00.000',
        request:
          'GET /item.php?id=-1%27%20UNION%20ALL%20SELECT%20NULL,username,password%20FROM%20users--%20- HTTP/1.1',
        status: 200,
        bodyBytesSent: 2311,
        httpUserAgent: 'Mozilla/5.0',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: 'Time-based blind (Apache)',
      expect: true,
      event: {
        remote_host_ip_address: '103.145.13.99',
        request_time: '2024-06-12 09:11:00.000',
        request_method: 'GET',
        request_uri: '/search?q=abc%27%20AND%20SLEEP(5)--%20',
        request_protocol: 'HTTP/1.1',
        response_status: 500,
        response_size: 312,
        user_agent: 'Mozilla/5.0',
        p_log_type: 'Apache.AccessCombined',
      },
    },
    {
      name: 'Search for the words union and select',
      expect: false,
      event: {
        remoteAddr: '198.51.100.7',
        time: '2024-06-12 09:12:00.000',
        request: 'GET /search?q=union+jobs+select+committee HTTP/1.1',
        status: 200,
        p_log_type: 'Nginx.Access',
      },
    },
  ],
})
