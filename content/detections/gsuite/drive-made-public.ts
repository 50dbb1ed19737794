import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { type GSuiteActivity, param } from '../helpers/gsuite.js'

/** Visibilities that expose a file beyond the domain. */
const PUBLIC_VISIBILITY = new Set(['people_with_link', 'public_on_the_web'])

function exposure(event: GSuiteReportsEvent): GSuiteActivity | undefined {
  if (event.id.applicationName !== 'drive') return undefined
  return (event.events ?? []).find(
    (e): e is GSuiteActivity =>
      e?.name === 'change_document_visibility' && PUBLIC_VISIBILITY.has(param(e, 'visibility')),
  )
}

/** Panther's GSuite.Drive.VisibilityChanged: a Drive file was made public or link-shared. */
export default defineRule({
  id: 'GSuite.Drive.MadePublic',
  name: 'Google Drive File Made Public',
  logTypes: ['GSuite.Reports'],
  severity: 'LOW',
  description:
    'A Google Drive file was made public on the web or shared with anyone who has the link. ' +
    'Link-shared files are found by crawlers and forwarded freely; this is a common path for ' +
    'data leaving the organization.',
  reference: 'https://developers.google.com/admin-sdk/reports/v1/appendix/activity/drive',
  runbook:
    'Open the file (doc_id) and judge its sensitivity: customer data, credentials, financials? ' +
    'Ask the owner why it is public. If it should not be: restrict sharing to the domain, check ' +
    'the Drive audit log for views by external users, and consider a DLP rule for that content.',
  tags: ['Google Workspace', 'Exfiltration', 'Data Exposure'],
  reports: { 'MITRE ATT&CK': ['TA0010:T1567.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return exposure(event) !== undefined
  },

  dynamicSeverity(event) {
    return param(exposure(event), 'visibility') === 'public_on_the_web' ? 'MEDIUM' : 'DEFAULT'
  },

  title(event) {
    const activity = exposure(event)
    return (
      `Google Drive: [${param(activity, 'doc_title')}] made ${param(activity, 'visibility')} ` +
      `by ${event.actor?.email ?? 'unknown'}`
    )
  },

  dedup(event) {
    return `gsuite-drive-public:${param(exposure(event), 'doc_id')}`
  },

  alertContext(event) {
    const activity = exposure(event)
    return {
      actor: event.actor?.email ?? null,
      docId: param(activity, 'doc_id'),
      docTitle: param(activity, 'doc_title'),
      docType: param(activity, 'doc_type'),
      owner: param(activity, 'owner'),
      visibility: param(activity, 'visibility'),
      oldVisibility: param(activity, 'old_visibility'),
      ipAddress: event.ipAddress ?? null,
    }
  },

  tests: [
    {
      name: 'Spreadsheet shared with anyone with the link',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-07-01 15:04:05.000',
          uniqueQualifier: '5566778899001122334',
          applicationName: 'drive',
          customerId: 'C03az79cb',
        },
        actor: { email: 'bob@example.com', profileId: '112233445566778899001' },
        ipAddress: '198.51.100.23',
        events: [
          {
            type: 'acl_change',
            name: 'change_document_visibility',
            parameters: [
              { name: 'primary_event', boolValue: true },
              { name: 'visibility_change', value: 'external' },
              { name: 'doc_id', value: '1aBcD2eFgH3iJkL4mNoP5qRsT6uVwX7yZ' },
              { name: 'doc_type', value: 'spreadsheet' },
              { name: 'doc_title', value: 'Customer list Q3' },
              { name: 'visibility', value: 'people_with_link' },
              { name: 'old_visibility', value: 'private' },
              { name: 'owner', value: 'bob@example.com' },
              { name: 'owner_is_shared_drive', boolValue: false },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-07-01 15:04:05.000',
      },
    },
    {
      name: 'Shared within the domain only',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-07-01 15:10:00.000', applicationName: 'drive' },
        actor: { email: 'bob@example.com' },
        events: [
          {
            type: 'acl_change',
            name: 'change_document_visibility',
            parameters: [
              { name: 'doc_id', value: '1aBcD2eFgH3iJkL4mNoP5qRsT6uVwX7yZ' },
              { name: 'visibility', value: 'shared_internally' },
              { name: 'old_visibility', value: 'private' },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-07-01 15:10:00.000',
      },
    },
  ],
})
