import { defineRule } from 'caracal/sdk'
import { actor, sourceName } from '../helpers/box.js'

/** Panther's Box.Malicious.Content: Box's scanning marked an uploaded file malicious. */
export default defineRule({
  id: 'Box.MaliciousContent',
  name: 'Box File Marked Malicious',
  logTypes: ['Box.Event'],
  severity: 'HIGH',
  description:
    'Box Shield malware deep scanning marked a file as malicious. Shared storage is a common ' +
    'way to deliver malware to colleagues, who trust links to their own company’s Box.',
  reference: 'https://support.box.com/hc/en-us/articles/360044196353-Malware-Deep-Scanning',
  runbook:
    'Identify who uploaded the file and who downloaded or previewed it (search the file id in ' +
    'Box events). Quarantine the file, scan the endpoints of everyone who opened it, and check ' +
    'the uploader’s account for takeover signs (new login devices, unusual IPs).',
  tags: ['Box', 'Execution', 'Malware'],
  reports: { 'MITRE ATT&CK': ['TA0002:T1204.002'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.event_type === 'FILE_MARKED_MALICIOUS'
  },

  title(event) {
    return `Box: file [${sourceName(event)}] uploaded by ${actor(event)} marked malicious`
  },

  dedup(event) {
    return `box-malicious:${sourceName(event)}`
  },

  alertContext(event) {
    return {
      actor: actor(event),
      file: sourceName(event),
      ipAddress: event.ip_address ?? null,
      details: event.additional_details ?? null,
    }
  },

  tests: [
    {
      name: 'Uploaded file marked malicious',
      expect: true,
      event: {
        type: 'event',
        event_id: '1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
        event_type: 'FILE_MARKED_MALICIOUS',
        created_at: '2024-05-02 09:14:03.000',
        created_by: { type: 'user', id: '12345678', name: 'Bob', login: 'bob@example.com' },
        ip_address: '203.0.113.7',
        source: {
          item_type: 'file',
          item_id: '1214506489753',
          item_name: 'invoice-2024-05.xlsm',
          parent: { type: 'folder', name: 'Finance', id: '248392018' },
        },
        additional_details: { shield_alert: null },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Ordinary upload',
      expect: false,
      event: {
        type: 'event',
        event_id: '2b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e',
        event_type: 'UPLOAD',
        created_at: '2024-05-02 09:10:00.000',
        created_by: { type: 'user', id: '12345678', name: 'Bob', login: 'bob@example.com' },
        source: { item_type: 'file', item_id: '1214506489753', item_name: 'report.pdf' },
        p_log_type: 'Box.Event',
        p_event_time: '2024-05-02 09:10:00.000',
      },
    },
  ],
})
