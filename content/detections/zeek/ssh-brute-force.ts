import { defineRule } from 'caracal/sdk'

/** Zeek SSH: many failed SSH authentications from one client. */
export default defineRule({
  id: 'Zeek.SSH.BruteForce',
  name: 'Zeek SSH Brute Force from One Source',
  logTypes: ['Zeek.SSH.TSV'],
  severity: 'MEDIUM',
  description:
    'At least 10 SSH sessions in 15 minutes from the same client in which Zeek saw ' +
    'authentication attempts that did not succeed. Password guessing against SSH is constant ' +
    'on the internet and, from an internal source, a sign of lateral movement.',
  reference: 'https://docs.zeek.org/en/master/scripts/base/protocols/ssh/main.zeek.html',
  runbook:
    'Check whether any session from the same client later had auth_success=T (search ' +
    'ssh.log by id.orig_h). If so, find the account used in the server auth logs and treat ' +
    'it as compromised. For internet sources, make sure the server only accepts keys and is ' +
    'behind fail2ban or a VPN; for internal sources, investigate the client host.',
  tags: ['Zeek', 'SSH', 'Credential Access', 'Brute Force'],
  reports: { 'MITRE ATT&CK': ['TA0006:T1110.001', 'TA0008:T1021.004'] },
  dedupPeriodMinutes: 15,
  threshold: 10,

  rule(event) {
    return event.auth_success === false && (event.auth_attempts ?? 0) > 0
  },

  title(event) {
    return `Zeek: SSH brute force from ${event['id.orig_h'] ?? 'unknown'}`
  },

  dedup(event) {
    return `zeek-ssh-brute:${event['id.orig_h'] ?? 'unknown'}`
  },

  alertContext(event) {
    return {
      sourceIp: event['id.orig_h'] ?? null,
      destIp: event['id.resp_h'] ?? null,
      destPort: event['id.resp_p'] ?? null,
      direction: event.direction ?? null,
      client: event.client ?? null,
      authAttempts: event.auth_attempts ?? null,
      country: event['remote_location.country_code'] ?? null,
    }
  },

  tests: [
    {
      name: 'Failed session with 6 attempts',
      expect: true,
      event: {
        ts: '2024-06-12 04:44:10.000',
        uid: 'CQqv3a1nT1yRXl0B2k',
        'id.orig_h': '218.92.0.112',
        'id.orig_p': 44512,
        'id.resp_h': '10.0.1.30',
        'id.resp_p': 22,
        version: 2,
        auth_success: false,
        auth_attempts: 6,
        direction: 'INBOUND',
        client: 'SSH-2.0-libssh_0.9.6',
        server: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6',
        cipher_alg: 'aes128-ctr',
        mac_alg: 'hmac-sha2-256',
        compression_alg: 'none',
        kex_alg: 'curve25519-sha256',
        host_key_alg: 'ssh-ed25519',
        'remote_location.country_code': 'CN',
        p_log_type: 'Zeek.SSH.TSV',
      },
    },
    {
      name: 'Successful login',
      expect: false,
      event: {
        ts: '2024-06-12 04:50:00.000',
        uid: 'CRqv3a1nT1yRXl0B2l',
        'id.orig_h': '10.20.4.10',
        'id.orig_p': 55012,
        'id.resp_h': '10.0.1.30',
        'id.resp_p': 22,
        version: 2,
        auth_success: true,
        auth_attempts: 1,
        direction: 'INBOUND',
        client: 'SSH-2.0-OpenSSH_9.6',
        server: 'SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6',
        p_log_type: 'Zeek.SSH.TSV',
      },
    },
  ],
})
