import { defineRule } from 'caracal/sdk'
import { syslogContext, type SyslogEvent } from '../helpers/network.js'

const NOT_ALLOWED =
  /^\s*(\S+) : (?:.*; )?(user NOT in sudoers|user NOT authorized on host|command not allowed)\b.*?(?:COMMAND=(.*))?$/

function denial(event: SyslogEvent): { user: string; reason: string; command: string } | null {
  if (event.appname !== 'sudo') return null
  const m = NOT_ALLOWED.exec(event.message ?? '')
  return m === null ? null : { user: m[1] ?? '', reason: m[2] ?? '', command: m[3] ?? '' }
}

/** sudo refused a user: someone is probing for privileges they do not have. */
export default defineRule({
  id: 'Syslog.Sudo.NotInSudoers',
  name: 'sudo Denied: User Not in sudoers',
  logTypes: ['Syslog.RFC3164', 'Syslog.RFC5424'],
  severity: 'LOW',
  description:
    'sudo refused a request because the user is not in sudoers, not authorized on this host, ' +
    'or the command is not allowed. Repeated refusals from a service account often follow a ' +
    'web application compromise.',
  reference: 'https://www.sudo.ws/docs/man/sudoers.man/#LOG_FORMAT',
  runbook:
    'Ask the user whether they ran the command. For service accounts (www-data, nginx, ' +
    'postgres …) there is no legitimate reason: investigate the service for compromise and ' +
    'look for other privilege escalation attempts (SUID binaries, kernel exploits).',
  tags: ['Syslog', 'Privilege Escalation', 'sudo'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1548.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return denial(event) !== null
  },

  title(event) {
    const d = denial(event)
    return `sudo denied for ${d?.user ?? '?'} on ${event.hostname ?? 'unknown'} (${d?.reason ?? ''})`
  },

  dedup(event) {
    return `sudo-denied:${event.hostname ?? ''}:${denial(event)?.user ?? ''}`
  },

  alertContext(event) {
    const d = denial(event)
    return {
      ...syslogContext(event),
      user: d?.user ?? null,
      reason: d?.reason ?? null,
      command: d?.command ?? null,
    }
  },

  tests: [
    {
      name: 'User not in sudoers',
      expect: true,
      event: {
        priority: 81,
        timestamp: '2024-06-12 13:10:00.000',
        hostname: 'web-03',
        appname: 'sudo',
        message:
          '  www-data : user NOT in sudoers ; TTY=pts/1 ; PWD=/tmp ; USER=root ; COMMAND=/usr/bin/id',
        p_log_type: 'Syslog.RFC3164',
      },
    },
    {
      name: 'Allowed sudo command',
      expect: false,
      event: {
        priority: 85,
        timestamp: '2024-06-12 13:11:00.000',
        hostname: 'web-03',
        appname: 'sudo',
        message:
          '  alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx',
        p_log_type: 'Syslog.RFC3164',
      },
    },
  ],
})
