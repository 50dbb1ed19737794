import { defineRule, type Microsoft365AuditExchangeEvent } from 'caracal/sdk'

/** Cmdlets that create or change inbox rules, or set mailbox-level forwarding. */
const FORWARDING_CMDLETS = new Set([
  'New-InboxRule',
  'Set-InboxRule',
  'Set-Mailbox',
  'UpdateInboxRules',
])

/** Cmdlet parameters that send a copy (or the original) of mail elsewhere. */
const FORWARDING_PARAMETERS = new Set([
  'ForwardTo',
  'ForwardAsAttachmentTo',
  'RedirectTo',
  'ForwardingSmtpAddress',
  'ForwardingAddress',
])

/** Recipients of the forwarding parameters, split on `;` as Exchange joins them. */
function recipients(event: Microsoft365AuditExchangeEvent): string[] {
  return (event.Parameters ?? [])
    .filter((p) => FORWARDING_PARAMETERS.has(p?.Name ?? ''))
    .flatMap((p) => (p?.Value ?? '').split(';'))
    .map((r) => r.trim().replace(/^smtp:/i, ''))
    .filter((r) => r !== '')
}

function domainOf(address: string): string {
  return address.includes('@') ? (address.split('@').pop() ?? '').toLowerCase() : ''
}

/** Recipients outside the mailbox owner's own mail domain. */
function externalRecipients(event: Microsoft365AuditExchangeEvent): string[] {
  const owner = event.MailboxOwnerUPN ?? event.UserId ?? ''
  const home = domainOf(owner)
  return recipients(event).filter((r) => {
    const domain = domainOf(r)
    return domain !== '' && domain !== home
  })
}

/** Panther's Microsoft365.Exchange.External.Forwarding: mail forwarded outside the organization. */
export default defineRule({
  id: 'Microsoft365.Exchange.ExternalForwarding',
  name: 'Microsoft 365 Mail Forwarding to External Address',
  logTypes: ['Microsoft365.Audit.Exchange'],
  severity: 'HIGH',
  description:
    'An inbox rule or mailbox forwarding setting sends mail to an address outside the ' +
    'organization. Business email compromise actors set such rules right after taking over a ' +
    'mailbox to keep reading mail (invoices, password resets) after they lose access.',
  reference:
    'https://learn.microsoft.com/en-us/defender-office-365/outbound-spam-policies-external-email-forwarding',
  runbook:
    'Confirm with the mailbox owner that they set the forwarding. Check the rule’s conditions ' +
    '(keywords like invoice, payment, password) and whether it also deletes or moves mail. If ' +
    'not theirs: remove the rule or forwarding, revoke sessions, reset the password, check the ' +
    'sign-in logs for the source IP, and block automatic external forwarding in the outbound ' +
    'spam policy.',
  tags: ['Microsoft 365', 'Collection', 'Exfiltration', 'BEC'],
  reports: { 'MITRE ATT&CK': ['TA0009:T1114.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return FORWARDING_CMDLETS.has(event.Operation) && externalRecipients(event).length > 0
  },

  title(event) {
    return (
      `Microsoft 365: mail of ${event.MailboxOwnerUPN ?? event.UserId ?? 'unknown'} forwarded to ` +
      externalRecipients(event).join(', ')
    )
  },

  dedup(event) {
    return `m365-forwarding:${event.UserId ?? 'unknown'}:${externalRecipients(event).join(',')}`
  },

  alertContext(event) {
    return {
      operation: event.Operation,
      user: event.UserId ?? null,
      mailbox: event.MailboxOwnerUPN ?? event.ObjectId ?? null,
      externalRecipients: externalRecipients(event),
      parameters: event.Parameters ?? [],
      clientIp: event.ClientIP ?? null,
    }
  },

  tests: [
    {
      name: 'Inbox rule forwarding invoices to a Gmail address',
      expect: true,
      event: {
        CreationTime: '2024-05-02 09:14:03.000',
        Id: 'a3b4c5d6-e7f8-4a9b-8c0d-1e2f3a4b5c6d',
        Operation: 'New-InboxRule',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        ResultStatus: 'True',
        UserKey: '10032001A2B3C4D5',
        UserType: 0,
        Version: 1,
        Workload: 'Exchange',
        ClientIP: '45.142.122.9:51324',
        ObjectId:
          'EURPR01A001.prod.outlook.com/Microsoft Exchange Hosted Organizations/example.onmicrosoft.com/bob\\Invoices',
        UserId: 'bob@example.com',
        ExternalAccess: false,
        OrganizationName: 'example.onmicrosoft.com',
        OriginatingServer: 'AM0PR01MB1234 (15.20.7452.000)',
        Parameters: [
          { Name: 'AlwaysDeleteOutlookRulesBlob', Value: 'False' },
          { Name: 'Force', Value: 'False' },
          { Name: 'SubjectOrBodyContainsWords', Value: 'invoice;payment;wire' },
          { Name: 'ForwardTo', Value: 'bob.backup.2024@gmail.com' },
          { Name: 'Name', Value: 'Invoices' },
          { Name: 'MarkAsRead', Value: 'True' },
          { Name: 'StopProcessingRules', Value: 'True' },
        ],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Inbox rule forwarding to a colleague',
      expect: false,
      event: {
        CreationTime: '2024-05-02 10:00:00.000',
        Id: 'b3b4c5d6-e7f8-4a9b-8c0d-1e2f3a4b5c6e',
        Operation: 'New-InboxRule',
        OrganizationId: 'd5b0f6d4-1c2b-4a3e-9f8d-7c6b5a4e3d2c',
        RecordType: 1,
        UserType: 0,
        Workload: 'Exchange',
        UserId: 'bob@example.com',
        Parameters: [
          { Name: 'From', Value: 'ceo@example.com' },
          { Name: 'ForwardTo', Value: 'assistant@example.com' },
          { Name: 'Name', Value: 'CEO mail' },
        ],
        p_log_type: 'Microsoft365.Audit.Exchange',
        p_event_time: '2024-05-02 10:00:00.000',
      },
    },
  ],
})
