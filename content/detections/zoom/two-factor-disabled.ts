import { defineRule } from 'caracal/sdk'

/** Zoom writes setting changes as "<Section> - <Setting>: from On to Off". */
const TWO_FACTOR_OFF = /Two-Factor Authentication:\s*from On to Off/i

/** Panther's Zoom.Two.Factor.Authentication.Disabled: account-wide 2FA switched off. */
export default defineRule({
  id: 'Zoom.TwoFactorAuthenticationDisabled',
  name: 'Zoom Two-Factor Authentication Disabled',
  logTypes: ['Zoom.Operation'],
  severity: 'MEDIUM',
  description:
    'An admin turned off "Sign in with Two-Factor Authentication" for the Zoom account. Users ' +
    'who sign in with a Zoom password (not SSO) are then protected by the password alone.',
  reference: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0066054',
  runbook:
    'Confirm the change with the operator and a change ticket. Re-enable 2FA (Account ' +
    'Management > Account Settings > Security) unless approved, and review the operator’s ' +
    'other recent changes in the operation log.',
  tags: ['Zoom', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1556'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return (
      event.category_type === 'Account' &&
      event.action === 'Update' &&
      TWO_FACTOR_OFF.test(event.operation_detail ?? '')
    )
  },

  title(event) {
    return `Zoom: two-factor authentication disabled by ${event.operator}`
  },

  dedup(event) {
    return `zoom-2fa-disabled:${event.operator}`
  },

  alertContext(event) {
    return {
      operator: event.operator,
      categoryType: event.category_type,
      action: event.action,
      operationDetail: event.operation_detail ?? null,
    }
  },

  tests: [
    {
      name: '2FA turned off',
      expect: true,
      event: {
        time: '2024-05-02 09:14:03.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail: 'Security  - Sign in with Two-Factor Authentication: from On to Off',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: '2FA turned on',
      expect: false,
      event: {
        time: '2024-05-02 09:20:00.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail: 'Security  - Sign in with Two-Factor Authentication: from Off to On',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
