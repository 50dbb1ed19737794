import {
  defineRule,
  type JsonValue,
  type Microsoft365AuditAzureActiveDirectoryEvent,
} from 'caracal/sdk'

/** Directory roles that control the tenant or its identities. */
const PRIVILEGED_ROLES = new Set([
  'Global Administrator',
  'Company Administrator',
  'Privileged Role Administrator',
  'Privileged Authentication Administrator',
  'Security Administrator',
  'Exchange Administrator',
  'SharePoint Administrator',
  'User Administrator',
  'Application Administrator',
  'Cloud Application Administrator',
  'Authentication Administrator',
  'Hybrid Identity Administrator',
  'Conditional Access Administrator',
])

/** The `Role.DisplayName` modified property of an "Add member to role." record. */
function roleName(event: Microsoft365AuditAzureActiveDirectoryEvent): string {
  const props: JsonValue | undefined = event.ModifiedProperties
  if (!Array.isArray(props)) return ''
  for (const p of props) {
    if (p === null || typeof p !== 'object' || Array.isArray(p)) continue
    if (p.Name === 'Role.DisplayName' && typeof p.NewValue === 'string') return p.NewValue
  }
  return ''
}

function member(event: Microsoft365AuditAzureActiveDirectoryEvent): string {
  return event.ObjectId ?? 'unknown'
}

/** Panther's Microsoft365.Add.Member.To.Role-style rule, for privileged directory roles. */
export default defineRule({
  id: 'Microsoft365.PrivilegedRoleAssigned',
  name: 'Microsoft 365 Member Added to Privileged Directory Role',
  logTypes: ['Microsoft365.Audit.AzureActiveDirectory'],
  severity: 'HIGH',
  description:
    'A user or service principal was added to a privileged Entra ID directory role such as ' +
    'Global Administrator. These roles control the tenant, its authentication policies and ' +
    'every mailbox.',
  reference:
    'https://learn.microsoft.com/en-us/entra/identity/role-based-access-control/permissions-reference',
  runbook:
    'Confirm the assignment with the actor and, if you use PIM, whether it should have been an ' +
    'eligible (time-bound) assignment instead. If unexpected: remove the role, revoke the ' +
    'member’s sessions, and review their directory and mailbox activity since.',
  tags: ['Microsoft 365', 'Privilege Escalation', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1098.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.Operation === 'Add member to role.' &&
      event.ResultStatus !== 'Failure' &&
      PRIVILEGED_ROLES.has(roleName(event))
    )
  },

  title(event) {
    return (
      `Microsoft 365: ${member(event)} added to [${roleName(event)}] by ` +
      (event.UserId ?? 'unknown')
    )
  },

  dedup(event) {
    return `m365-role:${member(event)}:${roleName(event)}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      member: member(event),
      role: roleName(event),
      clientIp: event.ClientIP ?? event.ActorIpAddress ?? null,
      organizationId: event.OrganizationId,
    }
  },

  tests: [
    {
      name: 'User added to Global Administrator',
      expect: true,
      event: {
        CreationTime: '2024-07-07 07:07:07.000',
        Id: 'c4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e7f',
        Operation: 'Add member to role.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserKey: '10037FFE8A1B2C3D@example.com',
        UserType: 2,
        Version: 1,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'contractor@example.com',
        UserId: 'it-admin@example.com',
        AzureActiveDirectoryEventType: 1,
        ModifiedProperties: [
          { Name: 'Role.ObjectID', NewValue: '62e90394-69f5-4237-9190-012177145e10', OldValue: '' },
          { Name: 'Role.DisplayName', NewValue: 'Global Administrator', OldValue: '' },
          {
            Name: 'Role.TemplateId',
            NewValue: '62e90394-69f5-4237-9190-012177145e10',
            OldValue: '',
          },
        ],
        Actor: [{ ID: 'it-admin@example.com', Type: 5 }],
        Target: [
          { ID: 'User_1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d', Type: 2 },
          { ID: 'contractor@example.com', Type: 5 },
        ],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-07-07 07:07:07.000',
      },
    },
    {
      name: 'User added to a non-privileged role',
      expect: false,
      event: {
        CreationTime: '2024-07-07 07:10:00.000',
        Id: 'd4d5e6f7-a8b9-4c0d-9e1f-2a3b4c5d6e70',
        Operation: 'Add member to role.',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 8,
        ResultStatus: 'Success',
        UserType: 2,
        Workload: 'AzureActiveDirectory',
        ObjectId: 'analyst@example.com',
        UserId: 'it-admin@example.com',
        ModifiedProperties: [
          { Name: 'Role.DisplayName', NewValue: 'Reports Reader', OldValue: '' },
        ],
        p_log_type: 'Microsoft365.Audit.AzureActiveDirectory',
        p_event_time: '2024-07-07 07:10:00.000',
      },
    },
  ],
})
