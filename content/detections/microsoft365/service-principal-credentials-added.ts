import { defineRule } from 'caracal/sdk'

const CREDENTIAL_OPERATIONS = new Set([
  'Add service principal credentials.',
  'Update application – Certificates and secrets management ',
])

/** Panther's Microsoft365/Azure "app credentials added" rule: a secret or certificate was added to an app. */
export default defineRule({
  id: 'Microsoft365.ServicePrincipalCredentialsAdded',
  name: 'Microsoft 365 Credentials Added to Application or Service Principal',
  logTypes: ['Microsoft365.Audit.AzureActiveDirectory'],
  severity: 'MEDIUM',
  description:
    'A client secret or certificate was added to an Entra ID application or service principal. ' +
    'Adding credentials to an existing, already-privileged app is how attackers (e.g. in the ' +
    'SolarWinds and Midnight Blizzard intrusions) gained persistent mailbox access.',
  reference:
    'https://learn.microsoft.com/en-us/entra/architecture/security-operations-applications#application-credentials',
  runbook:
    'Identify the application (ObjectId / Target) and its API permissions. Confirm with the ' +
    'app owner that they rotated credentials. If unexpected: remove the new credential, review ' +
    'the service principal sign-in logs for its use, and check the actor for compromise.',
  tags: ['Microsoft 365', 'Persistence', 'OAuth'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return CREDENTIAL_OPERATIONS.has(event.Operation) && event.ResultStatus !== 'Failure'
  },

  title(event) {
    return `Microsoft 365: credentials added to ${event.ObjectId ?? 'unknown app'} by ${event.UserId ?? 'unknown'}`
  },

  dedup(event) {
    return `m365-sp-credentials:${event.ObjectId ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      application: event.ObjectId ?? null,
      operation: event.Operation,
      clientIp: event.ClientIP ?? event.ActorIpAddress ?? null,
      modifiedProperties: event.ModifiedProperties ?? null,
    }
  },

  tests: [
    {
      name: 'Secret added to a service principal',
      expect: true,
      event: {
        CreationTime: '2024-08-08 08:08:08.000',
        Id: 'e5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8b9',
        Operation: 'Add service principal credentials.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: '10037FFE8A1B2C3D@example.com',
        UserType: 0,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'Legacy Mail Sync',
        UserId: 'mallory@example.com',
        AzureActiveDirectoryEventType: 1,
        ModifiedProperties: [
          {
            Name: 'KeyDescription',
            NewValue:
              '[KeyIdentifier=7b2c…, KeyType=Password, KeyUsage=Verify, DisplayName=backup]',
            OldValue: '[]',
          },
        ],
        Actor: [{ ID: 'mallory@example.com', Type: 5 }],
        Target: [{ ID: 'ServicePrincipal_5d6e7f80-9a0b-1c2d-3e4f-5a6b7c8d9e0f', Type: 2 }],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-08-08 08:08:08.000',
      },
    },
    {
      name: 'Service principal created',
      expect: false,
      event: {
        CreationTime: '2024-08-08 08:00:00.000',
        Id: 'f5f6a7b8-c9d0-4e1f-a2b3-c4d5e6f7a8ba',
        Operation: 'Add service principal.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserType: 0,
        Workload: 'AzureActiveDirectory',
        UserId: 'alice@example.com',
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-08-08 08:00:00.000',
      },
    },
  ],
})
