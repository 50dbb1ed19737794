import { defineRule } from 'caracal/sdk'

const CA_CHANGES = new Set([
  'Update conditional access policy.',
  'Delete conditional access policy.',
  'Update policy.',
  'Delete policy.',
])

/** A Conditional Access policy was changed or deleted (Entra ID audit, via the Management API). */
export default defineRule({
  id: 'Microsoft365.ConditionalAccessPolicyChanged',
  name: 'Microsoft Entra Conditional Access Policy Changed or Deleted',
  logTypes: ['Microsoft365.Audit.AzureActiveDirectory'],
  severity: 'MEDIUM',
  description:
    'A Conditional Access policy was updated or deleted. CA policies enforce MFA, compliant ' +
    'devices and location restrictions; excluding an account, disabling a policy or adding a ' +
    'trusted location quietly removes those controls.',
  reference:
    'https://learn.microsoft.com/en-us/entra/identity/conditional-access/concept-conditional-access-policies',
  runbook:
    'Compare old and new values in ModifiedProperties: was an account or group excluded, the ' +
    'state set to disabled or report-only, or a location marked trusted? Confirm with the ' +
    'actor and a change ticket; if unexpected, revert the policy and review sign-ins that the ' +
    'weaker policy let through.',
  tags: ['Microsoft 365', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556.009'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return CA_CHANGES.has(event.Operation) && event.ResultStatus !== 'Failure'
  },

  dynamicSeverity(event) {
    return event.Operation.startsWith('Delete') ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return `Microsoft Entra: ${event.Operation.replace(/\.$/, '')} [${event.ObjectId ?? 'unknown'}] by ${event.UserId ?? 'unknown'}`
  },

  dedup(event) {
    return `m365-ca-policy:${event.ObjectId ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      policy: event.ObjectId ?? null,
      operation: event.Operation,
      modifiedProperties: event.ModifiedProperties ?? null,
      clientIp: event.ClientIP ?? event.ActorIpAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Conditional Access policy updated',
      expect: true,
      event: {
        CreationTime: '2024-12-01 01:01:01.000',
        Id: 'e8f9a0b1-c2d3-4e5f-9a6b-7c8d9e0f1a2b',
        Operation: 'Update conditional access policy.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: '10037FFE8A1B2C3D@example.com',
        UserType: 0,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'Require MFA for all users',
        UserId: 'mallory@example.com',
        AzureActiveDirectoryEventType: 1,
        ModifiedProperties: [
          {
            Name: 'ConditionalAccessPolicy',
            NewValue: '{"state":"enabledForReportingButNotEnforced"}',
            OldValue: '{"state":"enabled"}',
          },
        ],
        Actor: [{ ID: 'mallory@example.com', Type: 5 }],
        Target: [{ ID: 'Policy_2b3c4d5e-6f7a-8b9c-0d1e-2f3a4b5c6d7e', Type: 2 }],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-12-01 01:01:01.000',
      },
    },
    {
      name: 'Conditional Access policy added',
      expect: false,
      event: {
        CreationTime: '2024-12-01 01:10:00.000',
        Id: 'f8f9a0b1-c2d3-4e5f-9a6b-7c8d9e0f1a2c',
        Operation: 'Add conditional access policy.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserType: 0,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'Block legacy authentication',
        UserId: 'alice@example.com',
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-12-01 01:10:00.000',
      },
    },
  ],
})
