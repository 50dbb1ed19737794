import { defineRule } from 'caracal/sdk'
import { isPrivateIp, isSshd, syslogContext, type SyslogEvent } from '../helpers/network.js'

const ACCEPTED_ROOT = /^Accepted (\S+) for root from (\S+) port \d+/

function rootLogin(event: SyslogEvent): { method: string; ip: string } | null {
  if (!isSshd(event)) return null
  const m = ACCEPTED_ROOT.exec(event.message ?? '')
  return m === null ? null : { method: m[1] ?? '', ip: m[2] ?? '' }
}

/** sshd accepted a direct root login. */
export default defineRule({
  id: 'Syslog.SSHD.RootLoginAccepted',
  name: 'SSH Login as root Accepted',
  logTypes: ['Syslog.RFC3164', 'Syslog.RFC5424'],
  severity: 'HIGH',
  description:
    'sshd accepted a login directly as root. Direct root logins bypass per-user ' +
    'accountability and should be disabled (PermitRootLogin no); a password login from a ' +
    'public address is especially suspicious.',
  reference: 'https://man.openbsd.org/sshd_config#PermitRootLogin',
  runbook:
    'Identify who logged in: the source IP, the key fingerprint in the message, and any ' +
    'change ticket. Review what the session did (auth.log, shell history, auditd). If it was ' +
    'not an authorized break-glass use, rotate root credentials and authorized_keys, check ' +
    'for persistence, and set PermitRootLogin to no.',
  tags: ['Syslog', 'SSH', 'Privileged Account'],
  reports: { 'MITRE ATT&CK': ['TA0001:T1078.003', 'TA0008:T1021.004'] },
  dedupPeriodMinutes: 60,

  rule(event) {
    return rootLogin(event) !== null
  },

  // A password login as root from the internet is the worst case.
  dynamicSeverity(event) {
    const login = rootLogin(event)
    if (login !== null && login.method === 'password' && !isPrivateIp(login.ip)) return 'CRITICAL'
    return 'DEFAULT'
  },

  title(event) {
    const login = rootLogin(event)
    return `root SSH login (${login?.method ?? '?'}) on ${event.hostname ?? 'unknown'} from ${login?.ip ?? '?'}`
  },

  dedup(event) {
    return `sshd-root:${event.hostname ?? ''}:${rootLogin(event)?.ip ?? ''}`
  },

  alertContext(event) {
    const login = rootLogin(event)
    return { ...syslogContext(event), sourceIp: login?.ip ?? null, method: login?.method ?? null }
  },

  tests: [
    {
      name: 'Root password login from the internet',
      expect: true,
      event: {
        priority: 38,
        timestamp: '2024-06-12 04:45:12.000',
        hostname: 'bastion-01',
        appname: 'sshd',
        procid: '22010',
        message: 'Accepted password for root from 218.92.0.112 port 51190 ssh2',
        p_log_type: 'Syslog.RFC3164',
      },
    },
    {
      name: 'Normal user login',
      expect: false,
      event: {
        priority: 38,
        timestamp: '2024-06-12 04:46:00.000',
        hostname: 'bastion-01',
        appname: 'sshd',
        procid: '22044',
        message:
          'Accepted publickey for alice from 10.20.4.10 port 55013 ssh2: ED25519 SHA256:4uF1J3p7Lx0a9mQnYc2bVt8eHs6wKd5rZo1iPg3uTyE',
        p_log_type: 'Syslog.RFC3164',
      },
    },
  ],
})
