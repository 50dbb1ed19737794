import {
  defineRule,
  type CloudflareFirewallEvent,
  type CloudflareHttpRequestEvent,
} from 'caracal/sdk'

type CloudflareEvent = CloudflareHttpRequestEvent | CloudflareFirewallEvent

/** Paths where an anonymous client has no business: sign-in, admin and API token endpoints. */
const SENSITIVE_PATH =
  /\/(login|signin|sign-in|admin|wp-admin|wp-login\.php|auth|oauth|api\/(v\d+\/)?(token|keys?))\b/i

/** Cloudflare marks Tor exit nodes with the pseudo-country T1 and the IP class "tor". */
function isTor(event: CloudflareEvent): boolean {
  return (event.ClientCountry ?? '').toUpperCase() === 'T1' || event.ClientIPClass === 'tor'
}

/** Requests to sensitive paths that arrive through the Tor network. */
export default defineRule({
  id: 'Cloudflare.TorExitRequest',
  name: 'Cloudflare Request from Tor to Sensitive Path',
  logTypes: ['Cloudflare.HttpRequest', 'Cloudflare.Firewall'],
  severity: 'LOW',
  description:
    'Cloudflare saw a request from a Tor exit node (ClientCountry "T1" or ClientIPClass ' +
    '"tor") to a sign-in, admin or API token endpoint. Attackers use Tor to hide their origin ' +
    'during credential stuffing and account takeover.',
  reference: 'https://developers.cloudflare.com/fundamentals/reference/http-headers/#cf-ipcountry',
  runbook:
    'Check whether the request succeeded (EdgeResponseStatus / OriginResponseStatus 2xx or a ' +
    'redirect after a POST to a login path). If sign-ins from Tor succeeded, review those ' +
    'accounts for takeover. If the application has no legitimate Tor users, add a WAF rule ' +
    'blocking or challenging ip.src.country eq "T1" on these paths.',
  tags: ['Cloudflare', 'Tor', 'Anonymization'],
  reports: { 'MITRE ATT&CK': ['TA0011:T1090.003', 'TA0001:T1078'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return isTor(event) && SENSITIVE_PATH.test(event.ClientRequestPath ?? '')
  },

  // A POST that the edge let through is an actual sign-in attempt, not a page view.
  dynamicSeverity(event) {
    const status = event.EdgeResponseStatus ?? 0
    return event.ClientRequestMethod === 'POST' && status > 0 && status < 400 ? 'MEDIUM' : 'DEFAULT'
  },

  title(event) {
    return `Tor request to ${event.ClientRequestHost ?? '?'}${event.ClientRequestPath ?? ''} from ${event.ClientIP ?? 'unknown'}`
  },

  dedup(event) {
    return `cf-tor:${event.ClientRequestHost ?? ''}:${event.ClientIP ?? ''}`
  },

  alertContext(event) {
    return {
      logType: event.p_log_type,
      clientIp: event.ClientIP ?? null,
      clientCountry: event.ClientCountry ?? null,
      clientIpClass: event.ClientIPClass ?? null,
      host: event.ClientRequestHost ?? null,
      method: event.ClientRequestMethod ?? null,
      path: event.ClientRequestPath ?? null,
      edgeStatus: event.EdgeResponseStatus ?? null,
      userAgent: event.ClientRequestUserAgent ?? null,
      edgeColo: event.EdgeColoCode ?? null,
      rayId: event.RayID ?? null,
    }
  },

  tests: [
    {
      name: 'POST to login from Tor (HTTP request log)',
      expect: true,
      event: {
        ClientASN: 60729,
        ClientCountry: 't1',
        ClientDeviceType: 'desktop',
        ClientIP: '185.220.101.47',
        ClientIPClass: 'tor',
        ClientRequestBytes: 1284,
        ClientRequestHost: 'app.example.com',
        ClientRequestMethod: 'POST',
        ClientRequestPath: '/login',
        ClientRequestProtocol: 'HTTP/2',
        ClientRequestScheme: 'https',
        ClientRequestURI: '/login',
        ClientRequestUserAgent:
          'Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0',
        EdgeColoCode: 'FRA',
        EdgeResponseStatus: 302,
        EdgeStartTimestamp: '2024-06-12 18:00:00.000',
        EdgeEndTimestamp: '2024-06-12 18:00:00.120',
        RayID: '893a2c3d4e5f6071',
        p_log_type: 'Cloudflare.HttpRequest',
      },
    },
    {
      name: 'Tor visitor reading the blog',
      expect: false,
      event: {
        ClientCountry: 't1',
        ClientIP: '185.220.101.47',
        ClientIPClass: 'tor',
        ClientRequestHost: 'www.example.com',
        ClientRequestMethod: 'GET',
        ClientRequestPath: '/blog/2024/06/release-notes',
        EdgeResponseStatus: 200,
        EdgeStartTimestamp: '2024-06-12 18:01:00.000',
        p_log_type: 'Cloudflare.HttpRequest',
      },
    },
    {
      name: 'Login from a regular country',
      expect: false,
      event: {
        ClientCountry: 'de',
        ClientIP: '198.51.100.7',
        ClientIPClass: 'noRecord',
        ClientRequestHost: 'app.example.com',
        ClientRequestMethod: 'POST',
        ClientRequestPath: '/login',
        EdgeResponseStatus: 302,
        EdgeStartTimestamp: '2024-06-12 18:02:00.000',
        p_log_type: 'Cloudflare.HttpRequest',
      },
    },
  ],
})
