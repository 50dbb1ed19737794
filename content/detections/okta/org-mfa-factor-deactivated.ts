import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

function factor(event: OktaSystemLogEvent): string {
  const target = (event.target ?? [])[0]
  return target?.displayName ?? target?.alternateId ?? 'unknown'
}

/** Panther's Okta.Admin.MFA.Factor.Deactivated-style rule: an MFA method was removed org-wide. */
export default defineRule({
  id: 'Okta.OrgMFAFactorDeactivated',
  name: 'Okta MFA Factor Type Deactivated for the Organization',
  logTypes: ['Okta.SystemLog'],
  severity: 'HIGH',
  description:
    'An administrator deactivated an MFA factor type (Okta Verify, FIDO2, phone…) for the whole ' +
    'organization. Removing a strong factor pushes users to weaker ones or, if it was the only ' +
    'one enrolled, can leave accounts protected by a password alone.',
  reference: 'https://help.okta.com/en-us/content/topics/security/mfa/mfa-factors.htm',
  runbook:
    'Confirm the change with the actor and a change ticket. Check which factor was removed and ' +
    'which authenticator enrolment policies rely on it. If unexpected: re-activate the factor, ' +
    'review the actor’s session (IP, device) and their other admin actions.',
  tags: ['Okta', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.eventType === 'system.mfa.factor.deactivate' && event.outcome?.result === 'SUCCESS'
  },

  title(event) {
    return `Okta: MFA factor [${factor(event)}] deactivated for the org by ${event.actor?.alternateId ?? 'unknown'}`
  },

  dedup(event) {
    return `okta-org-factor:${factor(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      factor: factor(event),
      ipAddress: event.client?.ipAddress ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'Okta Verify deactivated for the org',
      expect: true,
      event: {
        uuid: '7eaf2b3c-af00-11ef-f607-0242ac12000f',
        published: '2024-12-02 22:10:05.300',
        eventType: 'system.mfa.factor.deactivate',
        version: '0',
        severity: 'INFO',
        legacyEventType: 'core.org.factor.deactivate',
        displayMessage: 'Deactivate MFA factor for organization',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: { ipAddress: '192.0.2.77' },
        outcome: { result: 'SUCCESS' },
        target: [{ id: 'okta_verify', type: 'Factor', displayName: 'Okta Verify' }],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-02 22:10:05.300',
      },
    },
    {
      name: 'Factor activated for the org',
      expect: false,
      event: {
        uuid: '8fb03c4d-af00-11ef-f607-0242ac120010',
        published: '2024-12-02 22:20:00.000',
        eventType: 'system.mfa.factor.activate',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-12-02 22:20:00.000',
      },
    },
  ],
})
