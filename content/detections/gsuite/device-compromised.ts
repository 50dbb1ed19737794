import { defineRule, type GSuiteReportsEvent } from 'caracal/sdk'
import { type GSuiteActivity, param } from '../helpers/gsuite.js'

function compromise(event: GSuiteReportsEvent): GSuiteActivity | undefined {
  if (event.id.applicationName !== 'mobile') return undefined
  return (event.events ?? []).find(
    (e): e is GSuiteActivity =>
      e?.name === 'DEVICE_COMPROMISED_EVENT' &&
      param(e, 'DEVICE_COMPROMISED_STATE') === 'COMPROMISED',
  )
}

/** Panther's GSuite.DeviceCompromise: a managed mobile device was reported rooted or jailbroken. */
export default defineRule({
  id: 'GSuite.DeviceCompromised',
  name: 'Google Workspace Mobile Device Compromised',
  logTypes: ['GSuite.Reports'],
  severity: 'MEDIUM',
  description:
    'Google endpoint management reported a managed mobile device as compromised (rooted or ' +
    'jailbroken). Such a device no longer enforces the OS security model, so corporate mail ' +
    'and tokens on it are exposed to any app.',
  reference: 'https://developers.google.com/admin-sdk/reports/v1/appendix/activity/mobile',
  runbook:
    'Contact the device owner. Block the device’s access or wipe the account from it (Admin ' +
    'console > Devices), and revoke the user’s sessions and tokens issued to it. Check ' +
    'whether the user installed apps from outside the store.',
  tags: ['Google Workspace', 'Endpoint', 'Defense Evasion'],
  reports: { 'MITRE ATT&CK': ['TA0005:T1562'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    return compromise(event) !== undefined
  },

  title(event) {
    const activity = compromise(event)
    return (
      `Google Workspace: device ${param(activity, 'DEVICE_MODEL')} of ` +
      `${param(activity, 'USER_EMAIL') || (event.actor?.email ?? 'unknown')} reported compromised`
    )
  },

  dedup(event) {
    return `gsuite-device-compromised:${param(compromise(event), 'DEVICE_ID')}`
  },

  alertContext(event) {
    const activity = compromise(event)
    return {
      user: param(activity, 'USER_EMAIL') || (event.actor?.email ?? null),
      deviceId: param(activity, 'DEVICE_ID'),
      deviceModel: param(activity, 'DEVICE_MODEL'),
      deviceType: param(activity, 'DEVICE_TYPE'),
      osVersion: param(activity, 'OS_VERSION'),
    }
  },

  tests: [
    {
      name: 'Android device reported rooted',
      expect: true,
      event: {
        kind: 'admin#reports#activity',
        id: {
          time: '2024-08-18 18:18:18.000',
          uniqueQualifier: '3344556677889900112',
          applicationName: 'mobile',
          customerId: 'C03az79cb',
        },
        actor: { callerType: 'USER', email: 'bob@example.com', profileId: '112233445566778899001' },
        events: [
          {
            type: 'device_updates',
            name: 'DEVICE_COMPROMISED_EVENT',
            parameters: [
              { name: 'USER_EMAIL', value: 'bob@example.com' },
              { name: 'DEVICE_ID', value: 'c9b1f3e2-android-0042' },
              { name: 'DEVICE_TYPE', value: 'ANDROID' },
              { name: 'DEVICE_MODEL', value: 'Pixel 7' },
              { name: 'OS_VERSION', value: 'Android 14' },
              { name: 'DEVICE_COMPROMISED_STATE', value: 'COMPROMISED' },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-08-18 18:18:18.000',
      },
    },
    {
      name: 'Device no longer compromised',
      expect: false,
      event: {
        kind: 'admin#reports#activity',
        id: { time: '2024-08-19 08:00:00.000', applicationName: 'mobile' },
        actor: { email: 'bob@example.com' },
        events: [
          {
            type: 'device_updates',
            name: 'DEVICE_COMPROMISED_EVENT',
            parameters: [
              { name: 'DEVICE_ID', value: 'c9b1f3e2-android-0042' },
              { name: 'DEVICE_COMPROMISED_STATE', value: 'NOT_COMPROMISED' },
            ],
          },
        ],
        p_log_type: 'GSuite.Reports',
        p_event_time: '2024-08-19 08:00:00.000',
      },
    },
  ],
})
