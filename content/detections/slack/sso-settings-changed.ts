import { defineRule } from 'caracal/sdk'

/** Panther's Slack.AuditLogs.SSOSettingsChanged: single sign-on configuration changed. */
export default defineRule({
  id: 'Slack.AuditLogs.SSOSettingsChanged',
  name: 'Slack SSO Settings Changed',
  logTypes: ['Slack.AuditLogs'],
  severity: 'HIGH',
  description:
    'The single sign-on settings of a Slack workspace or organization were changed. Pointing ' +
    'SAML at another identity provider, or making SSO optional, lets an attacker sign in ' +
    'without the corporate IdP and its MFA.',
  reference: 'https://slack.com/help/articles/203772216-SAML-single-sign-on',
  runbook:
    'Compare the SSO configuration with the identity team’s records (IdP URL, certificate, ' +
    'whether SSO is required). Confirm the change with the actor. If unexpected: restore the ' +
    'settings, force sign-out of sessions created since, and review the actor for compromise.',
  tags: ['Slack', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556', 'TA0005:T1484.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'pref.sso_setting_changed'
  },

  title(event) {
    return `Slack: SSO settings changed by ${event.actor?.user?.email ?? 'unknown'}`
  },

  dedup(event) {
    return `slack-sso:${event.context?.location?.id ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.user?.email ?? null,
      details: event.details ?? null,
      ipAddress: event.context?.ip_address ?? null,
      location: event.context?.location?.domain ?? null,
    }
  },

  tests: [
    {
      name: 'SSO setting changed',
      expect: true,
      event: {
        id: '4123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nb',
        date_create: '2024-07-07 07:07:07.000',
        action: 'pref.sso_setting_changed',
        actor: {
          type: 'user',
          user: {
            id: 'W012J3FEWAU',
            name: 'mallory',
            email: 'mallory@example.com',
            team: 'E012MH3HS94',
          },
        },
        entity: {
          type: 'enterprise',
          enterprise: { id: 'E012MH3HS94', name: 'Example Corp', domain: 'example-corp' },
        },
        context: {
          location: {
            type: 'enterprise',
            id: 'E012MH3HS94',
            name: 'Example Corp',
            domain: 'example-corp',
          },
          ua: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/125.0',
          ip_address: '203.0.113.88',
        },
        details: { new_value: 'optional', previous_value: 'required' },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-07-07 07:07:07.000',
      },
    },
    {
      name: 'Workspace name changed',
      expect: false,
      event: {
        id: '5123a45b-6c7d-8e9f-g0h1-i2j3k4l5m6nc',
        date_create: '2024-07-07 07:10:00.000',
        action: 'pref.name_changed',
        actor: { type: 'user', user: { id: 'W012J3FEWAV', email: 'alice@example.com' } },
        p_log_type: 'Slack.AuditLogs',
        p_event_time: '2024-07-07 07:10:00.000',
      },
    },
  ],
})
