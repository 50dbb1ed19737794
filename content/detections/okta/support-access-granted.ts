import { defineRule } from 'caracal/sdk'

const SUPPORT_ACCESS = new Set([
  'user.session.impersonation.grant',
  'user.session.impersonation.initiate',
])

/** Panther's Okta.Support.Access: Okta support was given (or used) access to the org. */
export default defineRule({
  id: 'Okta.SupportAccessGranted',
  name: 'Okta Support Access Granted',
  logTypes: ['Okta.SystemLog'],
  severity: 'MEDIUM',
  description:
    'An admin granted Okta Support access to the org, or Okta Support started an impersonation ' +
    'session. Support access gives Okta staff admin-level visibility; it should match an open ' +
    'support case, as the 2022 Lapsus$ intrusion into Okta support showed.',
  reference: 'https://help.okta.com/en-us/content/topics/settings/settings-support-access.htm',
  runbook:
    'Find the open Okta support case this access belongs to and the admin who granted it. If ' +
    'there is none, revoke support access (Settings > Account > Give access to Okta Support), ' +
    'and review every event with an impersonation transaction during the access window.',
  tags: ['Okta', 'Initial Access', 'Trusted Relationship'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1199'] },
  dedupPeriodMinutes: 360,

  rule(event) {
    return SUPPORT_ACCESS.has(event.eventType)
  },

  title(event) {
    return event.eventType === 'user.session.impersonation.grant'
      ? `Okta: ${event.actor?.alternateId ?? 'unknown'} granted Okta Support access`
      : 'Okta: Okta Support started an impersonation session'
  },

  dedup(event) {
    return `okta-support-access:${event.eventType}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      eventType: event.eventType,
      displayMessage: event.displayMessage ?? null,
      ipAddress: event.client?.ipAddress ?? null,
      outcome: event.outcome?.result ?? null,
    }
  },

  tests: [
    {
      name: 'Admin grants Okta Support access',
      expect: true,
      event: {
        uuid: 'e5172931-6b7c-11ef-b2c3-0242ac120006',
        published: '2024-09-02 16:20:55.210',
        eventType: 'user.session.impersonation.grant',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'core.user.impersonation.grant.enabled',
        displayMessage: 'Enabled impersonation grant',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: { ipAddress: '198.51.100.23' },
        outcome: { result: 'SUCCESS' },
        target: [{ id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' }],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-09-02 16:20:55.210',
      },
    },
    {
      name: 'Support access revoked',
      expect: false,
      event: {
        uuid: 'f6283a42-6b7c-11ef-b2c3-0242ac120007',
        published: '2024-09-03 10:00:00.000',
        eventType: 'user.session.impersonation.revoke',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-09-03 10:00:00.000',
      },
    },
  ],
})
