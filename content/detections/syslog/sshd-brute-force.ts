import { defineRule } from 'caracal/sdk'
import { isSshd, syslogContext, type SyslogEvent } from '../helpers/network.js'

/** "Failed password for [invalid user ]NAME from IP port N ssh2" and its keyboard-interactive twin. */
const FAILED =
  /^Failed (?:password|keyboard-interactive\/pam|publickey) for (invalid user )?(\S*) from (\S+) port \d+/

function failure(event: SyslogEvent): { user: string; ip: string; invalid: boolean } | null {
  if (!isSshd(event)) return null
  const m = FAILED.exec(event.message ?? '')
  if (m === null) return null
  return { user: m[2] ?? '', ip: m[3] ?? '', invalid: m[1] !== undefined }
}

/** sshd: a burst of failed passwords from one address (password guessing or spraying). */
export default defineRule({
  id: 'Syslog.SSHD.BruteForce',
  name: 'SSH Brute Force (sshd failed passwords)',
  logTypes: ['Syslog.RFC3164', 'Syslog.RFC5424'],
  severity: 'MEDIUM',
  description:
    'At least 10 "Failed password" (or keyboard-interactive/publickey) messages from sshd for ' +
    'the same source address on the same host within 10 minutes.',
  reference: 'https://man.openbsd.org/sshd_config#PasswordAuthentication',
  runbook:
    'Search the same host for "Accepted" messages from the source IP after the failures: a ' +
    'success means a compromised account – lock it, kill its sessions and review its shell ' +
    'history. Otherwise, confirm password authentication can be disabled ' +
    '(PasswordAuthentication no), and block the IP with fail2ban or the firewall.',
  tags: ['Syslog', 'SSH', 'Credential Access', 'Brute Force'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110.001', 'TA0006:T1110.003'] },
  dedupPeriodMinutes: 10,
  threshold: 10,

  rule(event) {
    return failure(event) !== null
  },

  title(event) {
    return `sshd brute force on ${event.hostname ?? 'unknown host'} from ${failure(event)?.ip ?? '?'}`
  },

  dedup(event) {
    return `sshd-brute:${event.hostname ?? ''}:${failure(event)?.ip ?? ''}`
  },

  alertContext(event) {
    const f = failure(event)
    return {
      ...syslogContext(event),
      sourceIp: f?.ip ?? null,
      user: f?.user ?? null,
      invalidUser: f?.invalid ?? null,
    }
  },

  tests: [
    {
      name: 'Failed password for an invalid user',
      expect: true,
      event: {
        priority: 38,
        facility: 4,
        severity: 6,
        timestamp: '2024-06-12 04:40:01.000',
        hostname: 'bastion-01',
        appname: 'sshd',
        procid: '21877',
        message: 'Failed password for invalid user oracle from 61.177.172.140 port 43022 ssh2',
        p_log_type: 'Syslog.RFC3164',
      },
    },
    {
      name: 'RFC 5424 failed password for root',
      expect: true,
      event: {
        priority: 38,
        facility: 4,
        severity: 6,
        version: 1,
        timestamp: '2024-06-12 04:40:02.113',
        hostname: 'db-02.example.com',
        appname: 'sshd',
        procid: '9001',
        msgid: '-',
        message: 'Failed password for root from 218.92.0.112 port 51122 ssh2',
        p_log_type: 'Syslog.RFC5424',
      },
    },
    {
      name: 'Accepted publickey',
      expect: false,
      event: {
        priority: 38,
        timestamp: '2024-06-12 04:41:00.000',
        hostname: 'bastion-01',
        appname: 'sshd',
        procid: '21901',
        message:
          'Accepted publickey for deploy from 10.20.4.10 port 55012 ssh2: ED25519 SHA256:Xk2c1QvJm0n8pC6eYV8H4C8sRZbqk1qL0s3l9s2YxJQ',
        p_log_type: 'Syslog.RFC3164',
      },
    },
  ],
})
