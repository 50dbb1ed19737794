import { defineRule } from 'caracal/sdk'
import { syslogContext, type SyslogEvent } from '../helpers/network.js'

/** useradd: "new user: name=backup2, UID=1002, GID=1002, home=/home/backup2, shell=/bin/bash, from=/dev/pts/1" */
const NEW_USER = /^new user: name=([^,]+), UID=(\d+), GID=(\d+), home=([^,]*), shell=([^,]*)/

function newUser(
  event: SyslogEvent,
): { name: string; uid: number; home: string; shell: string } | null {
  if (event.appname !== 'useradd' && event.appname !== 'adduser') return null
  const m = NEW_USER.exec(event.message ?? '')
  if (m === null) return null
  return { name: m[1] ?? '', uid: Number(m[2]), home: m[4] ?? '', shell: m[5] ?? '' }
}

/** A local account was created on a Linux host. */
export default defineRule({
  id: 'Syslog.UserAdded',
  name: 'Local Linux User Created',
  logTypes: ['Syslog.RFC3164', 'Syslog.RFC5424'],
  severity: 'MEDIUM',
  description:
    'useradd created a new local account. On servers managed by configuration management, ' +
    'manual account creation is rare; attackers add accounts for persistence, sometimes with ' +
    'UID 0 to get a hidden root.',
  reference: 'https://man7.org/linux/man-pages/man8/useradd.8.html',
  runbook:
    'Match the account against a change ticket or your configuration management run. Check ' +
    'who ran useradd (sudo log just before, same host) and whether the account got a password, ' +
    'authorized_keys or sudo rights. If unexpected, lock and remove it and investigate how ' +
    'the creator got root.',
  tags: ['Syslog', 'Persistence', 'Account Creation'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1136.001'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return newUser(event) !== null
  },

  // A second UID 0 account is a backdoor root.
  dynamicSeverity(event) {
    return newUser(event)?.uid === 0 ? 'CRITICAL' : 'DEFAULT'
  },

  title(event) {
    const user = newUser(event)
    return `New local user ${user?.name ?? '?'} (UID ${user?.uid ?? '?'}) on ${event.hostname ?? 'unknown'}`
  },

  dedup(event) {
    return `useradd:${event.hostname ?? ''}:${newUser(event)?.name ?? ''}`
  },

  alertContext(event) {
    const user = newUser(event)
    return {
      ...syslogContext(event),
      newUser: user?.name ?? null,
      uid: user?.uid ?? null,
      home: user?.home ?? null,
      shell: user?.shell ?? null,
    }
  },

  tests: [
    {
      name: 'useradd with a login shell',
      expect: true,
      event: {
        priority: 86,
        timestamp: '2024-06-12 14:00:00.000',
        hostname: 'web-03',
        appname: 'useradd',
        procid: '30112',
        message:
          'new user: name=sysupdate, UID=1002, GID=1002, home=/home/sysupdate, shell=/bin/bash, from=/dev/pts/1',
        p_log_type: 'Syslog.RFC3164',
      },
    },
    {
      name: 'useradd group message only',
      expect: false,
      event: {
        priority: 86,
        timestamp: '2024-06-12 14:00:00.000',
        hostname: 'web-03',
        appname: 'useradd',
        procid: '30112',
        message: 'new group: name=sysupdate, GID=1002',
        p_log_type: 'Syslog.RFC3164',
      },
    },
  ],
})
