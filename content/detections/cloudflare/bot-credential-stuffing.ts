import { defineRule } from 'caracal/sdk'

const LOGIN_PATH =
  /\/(login|signin|sign-in|session|auth(enticate)?|wp-login\.php|api\/(v\d+\/)?(auth|login|token))\b/i

/** Automated (bot score < 30) sign-in POSTs from one IP: credential stuffing. */
export default defineRule({
  id: 'Cloudflare.HttpRequest.BotCredentialStuffing',
  name: 'Cloudflare Automated Login Attempts (Credential Stuffing)',
  logTypes: ['Cloudflare.HttpRequest'],
  severity: 'MEDIUM',
  description:
    'At least 20 POST requests to sign-in endpoints within 10 minutes from one client IP that ' +
    'Cloudflare Bot Management scored below 30 (likely or definitely automated). Automated ' +
    'sign-in traffic is credential stuffing with leaked password lists.',
  reference: 'https://developers.cloudflare.com/bots/concepts/bot-score/',
  runbook:
    'Look at the origin response codes: successful sign-ins (200/302 with a session cookie) ' +
    'among the attempts identify compromised accounts – reset them. Enable a managed ' +
    'challenge for cf.bot_management.score lt 30 on the login path, and check other IPs with ' +
    'the same JA3/JA4 fingerprint.',
  tags: ['Cloudflare', 'Credential Access', 'Bot'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110.004'] },
  dedupPeriodMinutes: 10,
  threshold: 20,

  rule(event) {
    const score = event.BotScore ?? 100
    return (
      event.ClientRequestMethod === 'POST' &&
      score >= 1 &&
      score < 30 &&
      LOGIN_PATH.test(event.ClientRequestPath ?? '')
    )
  },

  title(event) {
    return `Automated sign-in attempts on ${event.ClientRequestHost ?? '?'} from ${event.ClientIP ?? 'unknown'}`
  },

  dedup(event) {
    return `cf-stuffing:${event.ClientRequestHost ?? ''}:${event.ClientIP ?? ''}`
  },

  alertContext(event) {
    return {
      clientIp: event.ClientIP ?? null,
      clientCountry: event.ClientCountry ?? null,
      clientAsn: event.ClientASN ?? null,
      host: event.ClientRequestHost ?? null,
      path: event.ClientRequestPath ?? null,
      botScore: event.BotScore ?? null,
      botScoreSource: event.BotScoreSrc ?? null,
      ja3: event.JA3Hash ?? null,
      ja4: event.JA4 ?? null,
      edgeStatus: event.EdgeResponseStatus ?? null,
      userAgent: event.ClientRequestUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Bot POSTing to /api/v1/login',
      expect: true,
      event: {
        BotScore: 1,
        BotScoreSrc: 'Heuristics',
        ClientASN: 9009,
        ClientCountry: 'us',
        ClientIP: '146.70.45.21',
        ClientRequestHost: 'app.example.com',
        ClientRequestMethod: 'POST',
        ClientRequestPath: '/api/v1/login',
        ClientRequestUserAgent: 'python-requests/2.31.0',
        EdgeResponseStatus: 401,
        EdgeStartTimestamp: '2024-06-12 19:00:00.000',
        JA3Hash: '773906b0efdefa24a7f2b8eb6985bf37',
        p_log_type: 'Cloudflare.HttpRequest',
      },
    },
    {
      name: 'Human login',
      expect: false,
      event: {
        BotScore: 92,
        BotScoreSrc: 'Machine Learning',
        ClientCountry: 'us',
        ClientIP: '198.51.100.7',
        ClientRequestHost: 'app.example.com',
        ClientRequestMethod: 'POST',
        ClientRequestPath: '/api/v1/login',
        EdgeResponseStatus: 200,
        EdgeStartTimestamp: '2024-06-12 19:00:01.000',
        p_log_type: 'Cloudflare.HttpRequest',
      },
    },
  ],
})
