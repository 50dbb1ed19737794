import { defineRule, type OktaSystemLogEvent } from 'caracal/sdk'

function idpName(event: OktaSystemLogEvent): string {
  const idp = (event.target ?? []).find((t) => t?.type === 'IdentityProvider')
  return idp?.displayName ?? idp?.id ?? 'unknown'
}

/** Panther's Okta.Identity.Provider.Created: a new external identity provider was added. */
export default defineRule({
  id: 'Okta.IdentityProviderCreated',
  name: 'Okta Identity Provider Created',
  logTypes: ['Okta.SystemLog'],
  severity: 'HIGH',
  description:
    'A new external identity provider was added or activated in Okta. An attacker-controlled ' +
    'IdP lets them sign in as any user through routing rules, bypassing passwords and MFA (the ' +
    '"cross-tenant impersonation" technique seen in 2023 Okta intrusions).',
  reference:
    'https://sec.okta.com/articles/2023/08/cross-tenant-impersonation-prevention-and-detection',
  runbook:
    'Confirm the new IdP with the identity team and a change ticket. Check its issuer, the ' +
    'routing rules that use it and any sign-ins through it (authenticationContext.issuer). If ' +
    'unexpected: deactivate the IdP and its routing rules, clear the sessions it created and ' +
    'review the actor’s account for compromise.',
  tags: ['Okta', 'Persistence', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1484.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      (event.eventType === 'system.idp.lifecycle.create' ||
        event.eventType === 'system.idp.lifecycle.activate') &&
      event.outcome?.result === 'SUCCESS'
    )
  },

  title(event) {
    return `Okta: identity provider [${idpName(event)}] added by ${event.actor?.alternateId ?? 'unknown'}`
  },

  dedup(event) {
    return `okta-idp-created:${idpName(event)}`
  },

  alertContext(event) {
    return {
      actor: event.actor?.alternateId ?? null,
      identityProvider: idpName(event),
      eventType: event.eventType,
      ipAddress: event.client?.ipAddress ?? null,
      userAgent: event.client?.userAgent?.rawUserAgent ?? null,
    }
  },

  tests: [
    {
      name: 'SAML identity provider created',
      expect: true,
      event: {
        uuid: '295ad6e7-8d9e-11ef-d4e5-0242ac12000a',
        published: '2024-11-21 04:33:12.777',
        eventType: 'system.idp.lifecycle.create',
        version: '0',
        severity: 'INFO',
        displayMessage: 'Create Identity Provider',
        actor: {
          id: '00u1qw1mqitPHM8AJ0g7',
          type: 'User',
          alternateId: 'admin@example.com',
          displayName: 'Ada Admin',
        },
        client: { ipAddress: '45.142.122.9' },
        outcome: { result: 'SUCCESS' },
        target: [
          { id: '0oa1idp2xyz3ABC4d5e6', type: 'IdentityProvider', displayName: 'Corp SSO 2' },
        ],
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-11-21 04:33:12.777',
      },
    },
    {
      name: 'Identity provider deactivated',
      expect: false,
      event: {
        uuid: '3a6be7f8-8d9e-11ef-d4e5-0242ac12000b',
        published: '2024-11-21 05:00:00.000',
        eventType: 'system.idp.lifecycle.deactivate',
        actor: { id: '00u1qw1mqitPHM8AJ0g7', type: 'User', alternateId: 'admin@example.com' },
        outcome: { result: 'SUCCESS' },
        p_log_type: 'Okta.SystemLog',
        p_event_time: '2024-11-21 05:00:00.000',
      },
    },
  ],
})
