import { defineRule } from 'caracal/sdk'
import { syslogContext, type SyslogEvent } from '../helpers/network.js'

/**
 * Accounts expected to run commands as root through sudo (admins, config management). Edit
 * for your fleet; the rule fires for every other user.
 */
const EXPECTED_SUDO_USERS = new Set(['root', 'ansible', 'ubuntu', 'ec2-user', 'admin', 'chef'])

/** "alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/bash" */
const SUDO_LINE = /^\s*(\S+) : (?:.*; )?TTY=(\S+) ; PWD=(\S+) ; USER=(\S+) ; COMMAND=(.*)$/

function sudoRun(event: SyslogEvent): { user: string; target: string; command: string } | null {
  if (event.appname !== 'sudo') return null
  const m = SUDO_LINE.exec(event.message ?? '')
  if (m === null) return null
  return { user: m[1] ?? '', target: m[4] ?? '', command: m[5] ?? '' }
}

/** sudo to root by a user outside the expected set of administrators. */
export default defineRule({
  id: 'Syslog.Sudo.RootByUnusualUser',
  name: 'sudo to root by Unexpected User',
  logTypes: ['Syslog.RFC3164', 'Syslog.RFC5424'],
  severity: 'MEDIUM',
  description:
    'A user who is not in the expected administrator list ran a command as root through sudo. ' +
    'This can be a misconfigured sudoers entry or an attacker using a compromised account to ' +
    'escalate privileges.',
  reference: 'https://www.sudo.ws/docs/man/sudoers.man/#LOG_FORMAT',
  runbook:
    'Check the sudoers rules that allowed the user (sudo -l -U USER) and whether they were ' +
    'recently changed. Ask the user to confirm the command. An interactive shell (bash, su) ' +
    'or commands touching users, keys or cron deserve escalation. If unauthorized, remove ' +
    'the sudo right, lock the account and review the host for persistence.',
  tags: ['Syslog', 'Privilege Escalation', 'sudo'],
  reports: { 'MITRE ATT&CK': ['TA0004:T1548.003'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    const run = sudoRun(event)
    return run !== null && run.target === 'root' && !EXPECTED_SUDO_USERS.has(run.user)
  },

  // A root shell is more than a single command.
  dynamicSeverity(event) {
    const command = sudoRun(event)?.command ?? ''
    return /(^|\/)(ba|z|da)?sh(\s|$)|\/su(\s|$)|\s-[is]\b/.test(command) ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    const run = sudoRun(event)
    return `${run?.user ?? '?'} ran sudo as root on ${event.hostname ?? 'unknown'}: ${run?.command ?? ''}`
  },

  dedup(event) {
    return `sudo-root:${event.hostname ?? ''}:${sudoRun(event)?.user ?? ''}`
  },

  alertContext(event) {
    const run = sudoRun(event)
    return { ...syslogContext(event), user: run?.user ?? null, command: run?.command ?? null }
  },

  tests: [
    {
      name: 'Web service account opens a root shell',
      expect: true,
      event: {
        priority: 85,
        facility: 10,
        severity: 5,
        timestamp: '2024-06-12 13:02:44.000',
        hostname: 'web-03',
        appname: 'sudo',
        message: '  www-data : TTY=pts/1 ; PWD=/var/www/html ; USER=root ; COMMAND=/bin/bash',
        p_log_type: 'Syslog.RFC3164',
      },
    },
    {
      name: 'Ansible runs a module as root',
      expect: false,
      event: {
        priority: 85,
        timestamp: '2024-06-12 13:03:00.000',
        hostname: 'web-03',
        appname: 'sudo',
        message:
          '  ansible : TTY=pts/0 ; PWD=/home/ansible ; USER=root ; COMMAND=/bin/sh -c echo BECOME-SUCCESS-abc; /usr/bin/python3',
        p_log_type: 'Syslog.RFC3164',
      },
    },
  ],
})
