import { defineRule } from 'caracal/sdk'

/** Many Cloudflare firewall blocks for one client: an attacker hammering the WAF. */
export default defineRule({
  id: 'Cloudflare.Firewall.BlockBurst',
  name: 'Cloudflare Firewall Block Burst from One IP',
  logTypes: ['Cloudflare.Firewall'],
  severity: 'LOW',
  description:
    'At least 50 Cloudflare firewall events with action "block" for the same client IP ' +
    'within 10 minutes. Sustained blocks mean an automated attack or scanner keeps probing ' +
    'the zone; some payload variants may eventually slip past the rules.',
  reference: 'https://developers.cloudflare.com/logs/reference/log-fields/zone/firewall_events/',
  runbook:
    'Review the firewall events for the IP in the Cloudflare dashboard (Security > Events): ' +
    'which rules fired (Source, RuleID) and which paths. Search the HTTP request logs for ' +
    'requests from the same IP that were NOT blocked and reached the origin with 2xx. ' +
    'Consider an IP Access rule or a rate limit for the ASN if the attack persists.',
  tags: ['Cloudflare', 'WAF', 'Initial Access'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1190', 'TA0043:T1595'] },
  dedupPeriodMinutes: 10,
  threshold: 50,

  rule(event) {
    return event.Action === 'block' && (event.ClientIP ?? '') !== ''
  },

  title(event) {
    return `Cloudflare blocked a burst of requests from ${event.ClientIP ?? 'unknown'} to ${event.ClientRequestHost ?? 'unknown'}`
  },

  dedup(event) {
    return `cf-block-burst:${event.ClientIP ?? ''}`
  },

  alertContext(event) {
    return {
      clientIp: event.ClientIP ?? null,
      clientCountry: event.ClientCountry ?? null,
      clientAsn: event.ClientASN ?? null,
      asnDescription: event.ClientASNDescription ?? null,
      host: event.ClientRequestHost ?? null,
      path: event.ClientRequestPath ?? null,
      source: event.Source ?? null,
      ruleId: event.RuleID ?? null,
      userAgent: event.ClientRequestUserAgent ?? null,
      rayId: event.RayID ?? null,
    }
  },

  tests: [
    {
      name: 'Managed rule block',
      expect: true,
      event: {
        Action: 'block',
        ClientASN: 14061,
        ClientASNDescription: 'DIGITALOCEAN-ASN',
        ClientCountry: 'nl',
        ClientIP: '167.99.33.12',
        ClientIPClass: 'noRecord',
        ClientRequestHost: 'shop.example.com',
        ClientRequestMethod: 'GET',
        ClientRequestPath: '/wp-login.php',
        ClientRequestProtocol: 'HTTP/1.1',
        ClientRequestQuery: '',
        ClientRequestScheme: 'https',
        ClientRequestUserAgent: 'Mozilla/5.0',
        Datetime: '2024-06-12 17:00:00.000',
        EdgeColoCode: 'AMS',
        EdgeResponseStatus: 403,
        Kind: 'firewall',
        MatchIndex: 0,
        OriginResponseStatus: 0,
        RayID: '893a1b2c3d4e5f60',
        RuleID: '5de7edfa648c4d6891dc3e7f84534ffa',
        Source: 'firewallManaged',
        p_log_type: 'Cloudflare.Firewall',
      },
    },
    {
      name: 'Log-only event',
      expect: false,
      event: {
        Action: 'log',
        ClientIP: '198.51.100.7',
        ClientRequestHost: 'shop.example.com',
        ClientRequestPath: '/',
        Datetime: '2024-06-12 17:00:01.000',
        Kind: 'firewall',
        Source: 'firewallCustom',
        p_log_type: 'Cloudflare.Firewall',
      },
    },
  ],
})
