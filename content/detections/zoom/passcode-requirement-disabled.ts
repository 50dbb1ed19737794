import { defineRule } from 'caracal/sdk'

/**
 * Settings that require a passcode for meetings, webinars, personal rooms or shared cloud
 * recordings, switched from On to Off ("<Section> - <Setting>: from On to Off").
 */
const PASSCODE_OFF = /(passcode|password)[^:]*:\s*from On to Off/i

/** Panther's Zoom.Passcode.Disabled, extended to cloud recording passcodes. */
export default defineRule({
  id: 'Zoom.PasscodeRequirementDisabled',
  name: 'Zoom Meeting or Recording Passcode Requirement Disabled',
  logTypes: ['Zoom.Operation'],
  severity: 'LOW',
  description:
    'An admin turned off a passcode requirement for meetings, webinars, personal meeting ' +
    'rooms or shared cloud recordings. Without it, anyone with a link can join meetings ' +
    '(“Zoombombing”) or watch recordings.',
  reference: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0063160',
  runbook:
    'Check which setting changed and for which account or group. Confirm with the operator; ' +
    'restore the passcode requirement (and lock it) unless approved. For recordings, review ' +
    'recordings shared while the requirement was off.',
  tags: ['Zoom', 'Defense Evasion', 'Data Exposure'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'Update' && PASSCODE_OFF.test(event.operation_detail ?? '')
  },

  // Recordings are stored content: exposing them leaks past conversations.
  dynamicSeverity(event) {
    return /recording/i.test(event.operation_detail ?? '') ? 'MEDIUM' : 'DEFAULT'
  },

  title(event) {
    return `Zoom: passcode requirement disabled by ${event.operator}`
  },

  dedup(event) {
    return `zoom-passcode:${event.operator}:${event.category_type}`
  },

  alertContext(event) {
    return {
      operator: event.operator,
      categoryType: event.category_type,
      operationDetail: event.operation_detail ?? null,
    }
  },

  tests: [
    {
      name: 'Shared cloud recording passcode turned off',
      expect: true,
      event: {
        time: '2024-06-06 06:06:06.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail:
          'Recording  - Require passcode to access shared cloud recordings: from On to Off',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-06-06 06:06:06.000',
      },
    },
    {
      name: 'Meeting passcode turned off for a group',
      expect: true,
      event: {
        time: '2024-06-06 06:07:00.000',
        operator: 'admin@example.com',
        category_type: 'User Group',
        action: 'Update',
        operation_detail:
          'Group Name: Sales Group ID: 6Xp5Pa2IRIyjo0Fm6B5Ntw Meeting  - Require a passcode when scheduling new meetings: from On to Off',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-06-06 06:07:00.000',
      },
    },
    {
      name: 'Waiting room enabled',
      expect: false,
      event: {
        time: '2024-06-06 06:10:00.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail: 'Meeting  - Waiting Room: from Off to On',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-06-06 06:10:00.000',
      },
    },
  ],
})
