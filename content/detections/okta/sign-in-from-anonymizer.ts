import { defineRule } from 'caracal/sdk'

/** Panther's Okta.Login.From.Anonymizing.Proxy-style rule: a successful sign-in via a proxy. */
export default defineRule({
  id: 'Okta.SignInFromAnonymizingProxy',
  name: 'Okta Successful Sign-In through an Anonymizing Proxy',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'A user signed in successfully from an IP Okta identifies as an anonymizing proxy (Tor, ' +
    'open proxy, commercial VPN). Attackers replaying stolen passwords or session cookies hide ' +
    'behind residential and anonymizing proxies.',
  reference: 'https://help.okta.com/en-us/content/topics/security/network/about-dynamic-zones.htm',
  runbook:
    'Ask the user whether they use a VPN or privacy relay. Check the ASN and the other ' +
    'sign-ins of this session (MFA, new device enrolment, admin actions). If not them: clear ' +
    'sessions, reset the password and factors. Consider a dynamic network zone that blocks ' +
    'anonymizers in the sign-on policy.',
  tags: ['Okta', 'Initial Access', 'Command and Control'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.004', 'TA0011:T1090.003'] },
  dedupPeriodMinutes: 360,

  rule(event) {
    return (
      event.eventType === 'user.session.start' &&
      event.outcome?.result === 'SUCCESS' &&
      event.securityContext?.isProxy === true
    )
  },

  title(event) {
    return (
      `Okta: ${event.actor?.alternateId ?? 'unknown'} signed in through an anonymizing proxy ` +
      `(${event.client?.ipAddress ?? 'unknown IP'})`
    )
  },

  dedup(event) {
    return `okta-proxy-login:${event.actor?.alternateId ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      user: event.actor?.alternateId ?? null,
      ipAddress: event.client?.ipAddress ?? null,
      asOrg: event.securityContext?.asOrg ?? null,
      asNumber: event.securityContext?.asNumber ?? null,
      isp: event.securityContext?.isp ?? null,
      country: event.client?.geographicalContext?.country ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
      sessionId: event.authenticationContext?.externalSessionId ?? null,
    }
  },

  tests: [
    {
      name: 'Successful sign-in from a Tor exit node',
      expect: true,
      event: {
        uuid: '90c14d5e-b011-11ef-a718-0242ac120011',
        published: '2024-12-03 04:44:44.444',
        eventType: 'user.session.start',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'core.user_auth.login_success',
        displayMessage: 'User login to Okta',
        actor: {
          id: '00u6eup97mAJZWYmP0g7',
          type: 'User',
          alternateId: 'bob@example.com',
          displayName: 'Bob Builder',
        },
        client: {
          userAgent: {
            rawUserAgent: 'Mozilla/5.0 (Windows NT 10.0; rv:115.0) Gecko/20100101 Firefox/115.0',
          },
          ipAddress: '185.220.101.4',
          geographicalContext: { city: 'Frankfurt am Main', country: 'Germany' },
        },
        authenticationContext: { externalSessionId: '102b2x7Xb6ZR0Kc3Vf1xYq8Hw' },
        outcome: { result: 'SUCCESS' },
        securityContext: {
          asNumber: 205100,
          asOrg: 'f3 netze e.v.',
          isp: 'f3 netze e.v.',
          domain: 'tor-exit.example',
          isProxy: true,
        },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-03 04:44:44.444',
      },
    },
    {
      name: 'Sign-in from an office ISP',
      expect: false,
      event: {
        uuid: 'a1d25e6f-b011-11ef-a718-0242ac120012',
        published: '2024-12-03 09:00:00.000',
        eventType: 'user.session.start',
        actor: { id: '00u6eup97mAJZWYmP0g7', type: 'User', alternateId: 'bob@example.com' },
        client: { ipAddress: '198.51.100.23' },
        outcome: { result: 'SUCCESS' },
        securityContext: { asNumber: 7922, asOrg: 'comcast', isp: 'comcast cable', isProxy: false },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-03 09:00:00.000',
      },
    },
  ],
})
