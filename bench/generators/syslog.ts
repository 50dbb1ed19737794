/** A seeded generator of realistic syslog lines (RFC 3164 and RFC 5424), for benchmarks only. */
import { seededRandom } from './cloudtrail.js'

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const hosts = ['web-01', 'web-02', 'db-01', 'bastion', 'fw-edge', '10.0.3.17']
const users = ['root', 'alice', 'bob', 'deploy', 'admin', 'git']

function messages(rnd: () => number): string {
  const int = (n: number) => Math.floor(rnd() * n)
  const ip = `${int(223) + 1}.${int(256)}.${int(256)}.${int(256)}`
  const user = users[int(users.length)] as string
  const all = [
    `Failed password for invalid user ${user} from ${ip} port ${int(60000) + 1024} ssh2`,
    `Accepted publickey for ${user} from ${ip} port ${int(60000) + 1024} ssh2: RSA SHA256:${int(1e9).toString(36)}`,
    `pam_unix(sshd:session): session opened for user ${user} by (uid=0)`,
    `(${user}) CMD (run-parts /etc/cron.hourly)`,
    `${user} : TTY=pts/0 ; PWD=/home/${user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx`,
  ]
  return all[int(all.length)] as string
}

/** `count` BSD syslog lines, most with <PRI>, some as written to /var/log files (without). */
export function rfc3164Lines(count: number, seed = 11): string[] {
  const rnd = seededRandom(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const apps = ['sshd', 'CRON', 'sudo', 'systemd', 'kernel']
  return Array.from({ length: count }, () => {
    const pri = rnd() < 0.8 ? `<${String(int(24) * 8 + int(8))}>` : ''
    const day = String(int(28) + 1).padStart(2, ' ')
    const time = [int(24), int(60), int(60)].map((n) => String(n).padStart(2, '0')).join(':')
    const app = apps[int(apps.length)] as string
    const month = months[int(12)] as string
    const host = hosts[int(hosts.length)] as string
    return `${pri}${month} ${day} ${time} ${host} ${app}[${String(int(30000) + 100)}]: ${messages(rnd)}`
  })
}

/** `count` RFC 5424 lines; about half carry structured data. */
export function rfc5424Lines(count: number, seed = 13): string[] {
  const rnd = seededRandom(seed)
  const int = (n: number) => Math.floor(rnd() * n)
  const start = Date.parse('2026-11-01T00:00:00Z')
  return Array.from({ length: count }, (_, i) => {
    const ts = new Date(start + i * 37).toISOString()
    const host = hosts[int(hosts.length)] as string
    const sd =
      rnd() < 0.5
        ? `[origin@32473 ip="10.0.${String(int(256))}.${String(int(256))}" software="caracal-bench"][meta sequenceId="${String(i)}"]`
        : '-'
    return `<${String(int(192))}>1 ${ts} ${host} sshd ${String(int(30000))} AUTH ${sd} ${messages(rnd)}`
  })
}
