import { defineRule, type Microsoft365AuditExchangeEvent } from 'caracal/sdk'

function parameter(event: Microsoft365AuditExchangeEvent, name: string): string {
  return event.Parameters?.find((p) => p?.Name === name)?.Value ?? ''
}

/**
 * Unified audit log ingestion turned off (Set-AdminAuditLogConfig), or mailbox auditing
 * bypassed for an account (Set-MailboxAuditBypassAssociation).
 */
function auditDisabled(event: Microsoft365AuditExchangeEvent): boolean {
  if (event.Operation === 'Set-AdminAuditLogConfig') {
    return parameter(event, 'UnifiedAuditLogIngestionEnabled').toLowerCase() === 'false'
  }
  if (event.Operation === 'Set-MailboxAuditBypassAssociation') {
    return parameter(event, 'AuditBypassEnabled').toLowerCase() === 'true'
  }
  return false
}

/** Panther-style Microsoft365 rule: audit logging disabled or bypassed. */
export default defineRule({
  id: 'Microsoft365.Exchange.AuditLoggingDisabled',
  name: 'Microsoft 365 Audit Logging Disabled or Bypassed',
  logTypes: ['Microsoft365.Audit.Exchange'],
  severity: 'HIGH',
  description:
    'Unified audit log ingestion was turned off for the tenant, or an account was exempted ' +
    'from mailbox auditing. Both blind the SIEM to what happens next in Microsoft 365.',
  reference: 'https://learn.microsoft.com/en-us/purview/audit-log-enable-disable',
  runbook:
    'Re-enable auditing at once (Set-AdminAuditLogConfig -UnifiedAuditLogIngestionEnabled ' +
    '$true, or remove the bypass). Confirm with the actor; an admin disabling auditing without ' +
    'a ticket should be treated as compromised: revoke sessions and review their actions.',
  tags: ['Microsoft 365', 'Defense Evasion', 'Logging'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.008'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return auditDisabled(event)
  },

  title(event) {
    return event.Operation === 'Set-AdminAuditLogConfig'
      ? `Microsoft 365: unified audit logging disabled by ${event.UserId ?? 'unknown'}`
      : `Microsoft 365: mailbox audit bypass enabled for ${parameter(event, 'Identity')} by ${event.UserId ?? 'unknown'}`
  },

  dedup(event) {
    return `m365-audit-disabled:${event.OrganizationId}:${event.Operation}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      operation: event.Operation,
      parameters: event.Parameters ?? [],
      clientIp: event.ClientIP ?? null,
      organizationName: event.OrganizationName ?? null,
    }
  },

  tests: [
    {
      name: 'Unified audit log ingestion disabled',
      expect: true,
      event: {
        CreationTime: '2024-10-31 23:00:00.000',
        Id: 'c7d8e9f0-a1b2-4c3d-8e4f-5a6b7c8d9e0f',
        Operation: 'Set-AdminAuditLogConfig',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        ResultStatus: 'True',
        UserKey: '10037FFE8A1B2C3D',
        UserType: 2,
        Version: 1,
        Workload: 'Exchange',
        ClientIP: '203.0.113.88',
        ObjectId: 'Admin Audit Log Settings',
        UserId: 'mallory@example.com',
        OrganizationName: 'example.onmicrosoft.com',
        OriginatingServer: 'AM0PR01MB1234 (15.20.7452.000)',
        Parameters: [{ Name: 'UnifiedAuditLogIngestionEnabled', Value: 'False' }],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-10-31 23:00:00.000',
      },
    },
    {
      name: 'Audit log ingestion enabled',
      expect: false,
      event: {
        CreationTime: '2024-10-31 23:10:00.000',
        Id: 'd7d8e9f0-a1b2-4c3d-8e4f-5a6b7c8d9e10',
        Operation: 'Set-AdminAuditLogConfig',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        UserType: 2,
        Workload: 'Exchange',
        UserId: 'alice@example.com',
        Parameters: [{ Name: 'UnifiedAuditLogIngestionEnabled', Value: 'True' }],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-10-31 23:10:00.000',
      },
    },
  ],
})
