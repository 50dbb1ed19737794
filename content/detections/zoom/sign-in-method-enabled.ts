import { defineRule, type ZoomOperationEvent } from 'caracal/sdk'

/** "Sign-in Methods - Allow users to sign in with Google: from Off to On". */
const METHOD_ENABLED =
  /Sign-in Methods\s*-\s*Allow users to sign in with ([^:]+):\s*from Off to On/i

function method(event: ZoomOperationEvent): string {
  return METHOD_ENABLED.exec(event.operation_detail ?? '')?.[1]?.trim() ?? ''
}

/** Panther's Zoom.Sign.In.Method.Modified: a new way to sign in to the Zoom account was allowed. */
export default defineRule({
  id: 'Zoom.SignInMethodEnabled',
  name: 'Zoom Sign-In Method Enabled',
  logTypes: ['Zoom.Operation'],
  severity: 'LOW',
  description:
    'An admin allowed users to sign in to Zoom with another method (Google, Apple, Facebook, ' +
    'or a Zoom password). Each extra method is a path around the company’s SSO and its MFA ' +
    'and conditional access.',
  reference: 'https://support.zoom.com/hc/en/article?id=zm_kb&sysparm_article=KB0067106',
  runbook:
    'Confirm the change with the operator and a change ticket. Unless approved, turn the method ' +
    'off again (Account Settings > Security > Sign-in Methods) and check for accounts that ' +
    'signed in with it since.',
  tags: ['Zoom', 'Defense Evasion', 'Identity & Access Management'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1556'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.category_type === 'Account' && event.action === 'Update' && method(event) !== ''
  },

  title(event) {
    return `Zoom: sign-in with ${method(event)} enabled by ${event.operator}`
  },

  dedup(event) {
    return `zoom-sign-in-method:${method(event)}`
  },

  alertContext(event) {
    return {
      operator: event.operator,
      method: method(event),
      operationDetail: event.operation_detail ?? null,
    }
  },

  tests: [
    {
      name: 'Google sign-in turned on',
      expect: true,
      event: {
        time: '2024-05-02 09:14:03.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail:
          'Security  - Sign-in Methods - Allow users to sign in with Google: from Off to On',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-02 09:14:03.000',
      },
    },
    {
      name: 'Google sign-in turned off',
      expect: false,
      event: {
        time: '2024-05-02 09:20:00.000',
        operator: 'admin@example.com',
        category_type: 'Account',
        action: 'Update',
        operation_detail:
          'Security  - Sign-in Methods - Allow users to sign in with Google: from On to Off',
        p_log_type: 'Zoom.Operation',
        p_event_time: '2024-05-02 09:20:00.000',
      },
    },
  ],
})
