import { defineRule } from 'caracal/sdk'
import { osqueryColumn } from '../helpers/network.js'

/** osquery `authorized_keys`: a new SSH key was authorized for a user. */
export default defineRule({
  id: 'Osquery.AuthorizedKeysModified',
  name: 'osquery SSH authorized_keys Entry Added',
  logTypes: ['Osquery.Differential'],
  severity: 'MEDIUM',
  description:
    'A scheduled osquery query over authorized_keys reported a new key in a user’s ' +
    '~/.ssh/authorized_keys. Adding a key is a common and quiet persistence technique after ' +
    'gaining a shell (cryptominer botnets do it on every host they reach).',
  reference: 'https://osquery.io/schema/current/#authorized_keys',
  runbook:
    'Identify the user (uid) and key comment, and ask the owner whether they added it. Keys ' +
    'deployed by configuration management should match its records. For an unknown key: ' +
    'remove it, check the other users and hosts for the same key (search by key value), and ' +
    'review recent logins with it in the sshd logs (Accepted publickey … SHA256 fingerprint).',
  tags: ['osquery', 'Persistence', 'SSH'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1098.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return event.action === 'added' && /authorized_keys/.test(event.name)
  },

  dynamicSeverity(event) {
    return osqueryColumn(event.columns, 'uid') === '0' ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return (
      `New SSH authorized key for uid ${osqueryColumn(event.columns, 'uid') || '?'} on ` +
      `${event.hostIdentifier ?? 'unknown'} (${osqueryColumn(event.columns, 'comment') || 'no comment'})`
    )
  },

  dedup(event) {
    return `osq-authkeys:${event.hostIdentifier ?? ''}:${osqueryColumn(event.columns, 'uid')}`
  },

  alertContext(event) {
    return {
      host: event.hostIdentifier ?? null,
      query: event.name,
      uid: osqueryColumn(event.columns, 'uid'),
      keyFile: osqueryColumn(event.columns, 'key_file'),
      algorithm: osqueryColumn(event.columns, 'algorithm'),
      comment: osqueryColumn(event.columns, 'comment'),
      key: osqueryColumn(event.columns, 'key'),
    }
  },

  tests: [
    {
      name: 'Key added for root',
      expect: true,
      event: {
        name: 'pack_ossec-rootkit_authorized_keys',
        hostIdentifier: 'web-03.example.com',
        calendarTime: '2024-06-12 15:30:00.000',
        unixTime: '2024-06-12 15:30:00.000',
        epoch: 0,
        counter: 90,
        numerics: false,
        action: 'added',
        columns: {
          uid: '0',
          algorithm: 'ssh-rsa',
          key: 'AAAAB3NzaC1yc2EAAAADAQABAAABAQC0m9yk1Wc3R9b6Y0a0h0N8',
          key_file: '/root/.ssh/authorized_keys',
          comment: 'mdrfckr',
          options: '',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
    {
      name: 'Key removed',
      expect: false,
      event: {
        name: 'pack_ossec-rootkit_authorized_keys',
        hostIdentifier: 'web-03.example.com',
        action: 'removed',
        columns: {
          uid: '1000',
          algorithm: 'ssh-ed25519',
          key_file: '/home/alice/.ssh/authorized_keys',
          comment: 'alice@laptop',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
  ],
})
