import { defineRule, type Microsoft365AuditAzureActiveDirectoryEvent } from 'caracal/sdk'

/** The user whose MFA was disabled: the target user principal name when present. */
function targetUser(event: Microsoft365AuditAzureActiveDirectoryEvent): string {
  const upn = (event.Target ?? []).find((t) => (t?.ID ?? '').includes('@'))
  return upn?.ID ?? event.ObjectId ?? 'unknown'
}

/** Panther's Microsoft365.MFA.Disabled: per-user MFA (strong authentication) was disabled. */
export default defineRule({
  id: 'Microsoft365.MFADisabled',
  name: 'Microsoft 365 User MFA Disabled',
  logTypes: ['Microsoft365.Audit.AzureActiveDirectory'],
  severity: 'HIGH',
  description:
    'Per-user multi-factor authentication (strong authentication) was disabled for an Entra ID ' +
    'user. Removing MFA from an account, often an admin’s, lets a stolen password be used on ' +
    'its own.',
  reference: 'https://learn.microsoft.com/en-us/entra/identity/authentication/howto-mfa-userstates',
  runbook:
    'Confirm with the actor (UserId) why MFA was disabled for the target. If unexpected: ' +
    're-enable MFA (preferably with Conditional Access), revoke the target’s sessions ' +
    '(Revoke-MgUserSignInSession), reset its password and review its sign-ins and mailbox ' +
    'rules since the change.',
  tags: ['Microsoft 365', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556.006'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.Operation === 'Disable Strong Authentication.'
  },

  title(event) {
    return `Microsoft 365: MFA disabled for ${targetUser(event)} by ${event.UserId ?? 'unknown'}`
  },

  dedup(event) {
    return `m365-mfa-disabled:${targetUser(event)}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      targetUser: targetUser(event),
      resultStatus: event.ResultStatus ?? null,
      clientIp: event.ClientIP ?? event.ActorIpAddress ?? null,
      organizationId: event.OrganizationId,
    }
  },

  tests: [
    {
      name: 'Admin disables MFA for a user',
      expect: true,
      event: {
        CreationTime: '2024-06-11 14:02:19.000',
        Id: '8a2c9f3e-0f4b-4c58-b3d2-3e0a6f7b8c9d',
        Operation: 'Disable Strong Authentication.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: '10037FFE8A1B2C3D@example.com',
        UserType: 2,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'ceo@example.com',
        UserId: 'it-admin@example.com',
        AzureActiveDirectoryEventType: 1,
        ExtendedProperties: [{ Name: 'extendedAuditEventCategory', Value: 'User' }],
        ModifiedProperties: [
          { Name: 'StrongAuthenticationRequirement', NewValue: '[]', OldValue: '[{"State":1}]' },
        ],
        Actor: [{ ID: 'it-admin@example.com', Type: 5 }],
        Target: [
          { ID: 'User_0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b', Type: 2 },
          { ID: 'ceo@example.com', Type: 5 },
        ],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-06-11 14:02:19.000',
      },
    },
    {
      name: 'MFA enabled',
      expect: false,
      event: {
        CreationTime: '2024-06-11 14:10:00.000',
        Id: '9a2c9f3e-0f4b-4c58-b3d2-3e0a6f7b8c9e',
        Operation: 'Enable Strong Authentication.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        UserType: 2,
        Workload: 'AzureActiveDirectory',
        UserId: 'it-admin@example.com',
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-06-11 14:10:00.000',
      },
    },
  ],
})
