import { defineRule, type Microsoft365AuditExchangeEvent } from 'caracal/sdk'

function parameter(event: Microsoft365AuditExchangeEvent, name: string): string {
  return event.Parameters?.find((p) => p?.Name === name)?.Value ?? ''
}

/** Panther's Microsoft365.Exchange.MailboxPermission-style rule: FullAccess to another mailbox. */
export default defineRule({
  id: 'Microsoft365.Exchange.MailboxFullAccessGranted',
  name: 'Microsoft 365 Full Access to a Mailbox Granted',
  logTypes: ['Microsoft365.Audit.Exchange'],
  severity: 'MEDIUM',
  description:
    'Someone was granted FullAccess to another user’s mailbox with Add-MailboxPermission. ' +
    'It lets them read all of that mailbox’s mail, a quiet way to keep collecting email after ' +
    'an admin account is compromised.',
  reference: 'https://learn.microsoft.com/en-us/powershell/module/exchange/add-mailboxpermission',
  runbook:
    'Confirm with the actor and the mailbox owner (delegation for an assistant, a leaver’s ' +
    'mailbox handed to a manager). If unexpected: remove the permission ' +
    '(Remove-MailboxPermission), review MailItemsAccessed for the grantee, and check the ' +
    'actor’s other admin actions.',
  tags: ['Microsoft 365', 'Collection', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.002', 'TA0009:T1114.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.Operation === 'Add-MailboxPermission' &&
      /FullAccess/i.test(parameter(event, 'AccessRights'))
    )
  },

  title(event) {
    return (
      `Microsoft 365: ${parameter(event, 'User')} granted FullAccess to mailbox ` +
      `${parameter(event, 'Identity')} by ${event.UserId ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `m365-mailbox-access:${parameter(event, 'Identity')}:${parameter(event, 'User')}`
  },

  alertContext(event) {
    return {
      actor: event.UserId ?? null,
      mailbox: parameter(event, 'Identity'),
      grantee: parameter(event, 'User'),
      accessRights: parameter(event, 'AccessRights'),
      clientIp: event.ClientIP ?? null,
    }
  },

  tests: [
    {
      name: 'FullAccess to the CFO mailbox',
      expect: true,
      event: {
        CreationTime: '2024-09-09 21:09:09.000',
        Id: 'a6b7c8d9-e0f1-4a2b-8c3d-4e5f6a7b8c9d',
        Operation: 'Add-MailboxPermission',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        ResultStatus: 'True',
        UserKey: 'NT AUTHORITY\\SYSTEM (Microsoft.Exchange.ServiceHost)',
        UserType: 2,
        Version: 1,
        Workload: 'Exchange',
        ClientIP: '203.0.113.88',
        ObjectId: 'cfo',
        UserId: 'it-admin@example.com',
        ExternalAccess: false,
        OrganizationName: 'example.onmicrosoft.com',
        OriginatingServer: 'AM0PR01MB1234 (15.20.7452.000)',
        Parameters: [
          { Name: 'Identity', Value: 'cfo@example.com' },
          { Name: 'User', Value: 'helpdesk2@example.com' },
          { Name: 'AccessRights', Value: 'FullAccess' },
          { Name: 'InheritanceType', Value: 'All' },
          { Name: 'AutoMapping', Value: 'False' },
        ],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-09-09 21:09:09.000',
      },
    },
    {
      name: 'ReadPermission only',
      expect: false,
      event: {
        CreationTime: '2024-09-09 21:10:00.000',
        Id: 'b6b7c8d9-e0f1-4a2b-8c3d-4e5f6a7b8c9e',
        Operation: 'Add-MailboxPermission',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        UserType: 2,
        Workload: 'Exchange',
        UserId: 'it-admin@example.com',
        Parameters: [
          { Name: 'Identity', Value: 'shared-calendar@example.com' },
          { Name: 'User', Value: 'team@example.com' },
          { Name: 'AccessRights', Value: 'ReadPermission' },
        ],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-09-09 21:10:00.000',
      },
    },
  ],
})
