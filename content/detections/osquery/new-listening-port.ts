import { defineRule, type OsqueryDifferentialEvent } from 'caracal/sdk'
import { isLoopback, osqueryColumn } from '../helpers/network.js'

/** Processes expected to open listening sockets; edit for your fleet. */
const EXPECTED_LISTENERS = new Set(['sshd', 'systemd-resolved', 'chronyd', 'osqueryd'])

function processName(event: OsqueryDifferentialEvent): string {
  const path = osqueryColumn(event.columns, 'path')
  return osqueryColumn(event.columns, 'name') || (path.split('/').pop() ?? '')
}

/** osquery `listening_ports`: a new socket is listening on a non-loopback address. */
export default defineRule({
  id: 'Osquery.NewListeningPort',
  name: 'osquery New Listening Port',
  logTypes: ['Osquery.Differential'],
  severity: 'LOW',
  description:
    'A scheduled osquery query over listening_ports reported a new listening socket bound to ' +
    'a non-loopback address by an unexpected process. Bind shells, backdoors and tunneling ' +
    'tools (chisel, socat, ncat) open listeners.',
  reference: 'https://osquery.io/schema/current/#listening_ports',
  runbook:
    'Identify the process (pid, path) and its parent on the host, and whether the binary is ' +
    'part of a package (dpkg -S / rpm -qf) or an unknown file in /tmp, /dev/shm or a home ' +
    'directory. Check firewall exposure of the port. Kill and quarantine unknown listeners; ' +
    'add expected ones to EXPECTED_LISTENERS.',
  tags: ['osquery', 'Command and Control', 'Persistence'],
  reports: { 'MITRE ATT&CK': ['TA0011:T1571', 'TA0011:T1095'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    if (event.action !== 'added' || !/listening_ports/.test(event.name)) return false
    const address = osqueryColumn(event.columns, 'address')
    const port = Number(osqueryColumn(event.columns, 'port'))
    return port > 0 && !isLoopback(address) && !EXPECTED_LISTENERS.has(processName(event))
  },

  // Listeners running from world-writable or hidden paths are classic implants.
  dynamicSeverity(event) {
    const path = osqueryColumn(event.columns, 'path')
    return /^(\/tmp|\/var\/tmp|\/dev\/shm)\/|\/\.[^/]+/.test(path) ? 'HIGH' : 'DEFAULT'
  },

  title(event) {
    return (
      `New listening port ${osqueryColumn(event.columns, 'port')} on ` +
      `${event.hostIdentifier ?? event.hostname ?? 'unknown'} by ${processName(event) || 'unknown'}`
    )
  },

  dedup(event) {
    return `osq-listen:${event.hostIdentifier ?? ''}:${osqueryColumn(event.columns, 'port')}:${processName(event)}`
  },

  alertContext(event) {
    return {
      host: event.hostIdentifier ?? event.hostname ?? null,
      query: event.name,
      address: osqueryColumn(event.columns, 'address'),
      port: osqueryColumn(event.columns, 'port'),
      protocol: osqueryColumn(event.columns, 'protocol'),
      pid: osqueryColumn(event.columns, 'pid'),
      path: osqueryColumn(event.columns, 'path'),
      process: processName(event),
    }
  },

  tests: [
    {
      name: 'Listener from /tmp on all interfaces',
      expect: true,
      event: {
        name: 'pack_incident-response_listening_ports',
        hostIdentifier: 'web-03.example.com',
        calendarTime: '2024-06-12 14:10:02.000',
        unixTime: '2024-06-12 14:10:02.000',
        epoch: 0,
        counter: 412,
        numerics: false,
        decorations: { host_uuid: '4C4C4544-0048-3010-8052-B7C04F4B4E32', username: 'root' },
        action: 'added',
        columns: {
          address: '0.0.0.0',
          family: '2',
          fd: '3',
          net_namespace: '4026531840',
          path: '/tmp/.x/kswapd0',
          pid: '30877',
          port: '4444',
          protocol: '6',
          socket: '811223',
          name: 'kswapd0',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
    {
      name: 'Loopback listener',
      expect: false,
      event: {
        name: 'pack_incident-response_listening_ports',
        hostIdentifier: 'web-03.example.com',
        calendarTime: '2024-06-12 14:10:02.000',
        unixTime: '2024-06-12 14:10:02.000',
        action: 'added',
        columns: {
          address: '127.0.0.1',
          path: '/usr/sbin/mysqld',
          pid: '1211',
          port: '3306',
          protocol: '6',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
    {
      name: 'Listener removed',
      expect: false,
      event: {
        name: 'pack_incident-response_listening_ports',
        hostIdentifier: 'web-03.example.com',
        action: 'removed',
        columns: { address: '0.0.0.0', path: '/usr/bin/python3', pid: '9', port: '8000' },
        p_log_type: 'Osquery.Differential',
      },
    },
  ],
})
