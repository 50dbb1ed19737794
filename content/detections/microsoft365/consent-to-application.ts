import { defineRule, type Microsoft365AuditAzureActiveDirectoryEvent } from 'caracal/sdk'

function appName(event: Microsoft365AuditAzureActiveDirectoryEvent): string {
  return event.ObjectId ?? 'unknown'
}

/** `ConsentContext.IsAdminConsent` from ModifiedProperties, when the record carries it. */
function isAdminConsent(event: Microsoft365AuditAzureActiveDirectoryEvent): boolean {
  const props = event.ModifiedProperties
  if (!Array.isArray(props)) return false
  return props.some((p) => {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) return false
    return (
      p.Name === 'ConsentContext.IsAdminConsent' &&
      typeof p.NewValue === 'string' &&
      p.NewValue.toLowerCase() === 'true'
    )
  })
}

/** Panther's Microsoft365.Consent-style rule: a user or admin consented to an application. */
export default defineRule({
  id: 'Microsoft365.ConsentToApplication',
  name: 'Microsoft 365 Consent Granted to Application',
  logTypes: ['Microsoft365.Audit.AzureActiveDirectory'],
  severity: 'MEDIUM',
  description:
    'A user or admin granted an application consent to access Microsoft 365 data on their (or ' +
    'the whole tenant’s) behalf. Illicit consent grants give phishing apps mailbox and file ' +
    'access through OAuth tokens that survive password resets and MFA.',
  reference:
    'https://learn.microsoft.com/en-us/defender-office-365/detect-and-remediate-illicit-consent-grants',
  runbook:
    'Look up the application (Entra admin center > Enterprise applications) and its granted ' +
    'permissions: Mail.Read, Files.ReadWrite.All, offline_access are red flags for an unknown ' +
    'publisher. Confirm with the user. If illicit: remove the grant and the service principal, ' +
    'revoke the user’s refresh tokens, and restrict user consent to verified publishers.',
  tags: ['Microsoft 365', 'Credential Access', 'OAuth'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1528'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.Operation === 'Consent to application.' && event.ResultStatus !== 'Failure'
  },

  // Admin consent covers every user of the tenant.
  dynamicSeverity(event) {
    return isAdminConsent(event) ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return `Microsoft 365: ${event.UserId ?? 'unknown'} consented to application ${appName(event)}`
  },

  dedup(event) {
    return `m365-consent:${event.UserId ?? 'unknown'}:${appName(event)}`
  },

  alertContext(event) {
    return {
      user: event.UserId ?? null,
      application: appName(event),
      adminConsent: isAdminConsent(event),
      clientIp: event.ClientIP ?? event.ActorIpAddress ?? null,
      modifiedProperties: event.ModifiedProperties ?? null,
      organizationId: event.OrganizationId,
    }
  },

  tests: [
    {
      name: 'User consents to an app',
      expect: true,
      event: {
        CreationTime: '2024-05-02 09:14:03.000',
        Id: '6f1b8f2e-9e3a-4b47-a2c1-2d9f5e6a7b8c',
        Operation: 'Consent to application.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: '10032001A2B3C4D5@example.com',
        UserType: 0,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'Mail Organizer Pro',
        UserId: 'bob@example.com',
        AzureActiveDirectoryEventType: 1,
        ExtendedProperties: [
          { Name: 'additionalDetails', Value: '{"User-Agent":"Mozilla/5.0"}' },
          { Name: 'extendedAuditEventCategory', Value: 'ServicePrincipal' },
        ],
        ModifiedProperties: [
          { Name: 'ConsentContext.IsAdminConsent', NewValue: 'False', OldValue: '' },
          { Name: 'ConsentContext.OnBehalfOfAll', NewValue: 'False', OldValue: '' },
          {
            Name: 'ConsentAction.Permissions',
            NewValue: 'Scope: Mail.Read Mail.Send offline_access User.Read',
            OldValue: '',
          },
        ],
        Actor: [
          { ID: 'bob@example.com', Type: 5 },
          { ID: '10032001A2B3C4D5', Type: 3 },
        ],
        Target: [{ ID: 'ServicePrincipal_4c1d2e3f-5a6b-7c8d-9e0f-1a2b3c4d5e6f', Type: 2 }],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'User logged in',
      expect: false,
      event: {
        CreationTime: '2024-05-02 09:10:00.000',
        Id: '7f1b8f2e-9e3a-4b47-a2c1-2d9f5e6a7b8d',
        Operation: 'UserLoggedIn',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 15,
        ResultStatus: 'Success',
        UserType: 0,
        Workload: 'AzureActiveDirectory',
        UserId: 'bob@example.com',
        ClientIP: '198.51.100.23',
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
