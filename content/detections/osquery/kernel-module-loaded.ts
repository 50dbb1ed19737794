import { defineRule } from 'caracal/sdk'
import { osqueryColumn } from '../helpers/network.js'

/** osquery `kernel_modules`: a kernel module appeared on a Linux host. */
export default defineRule({
  id: 'Osquery.KernelModuleLoaded',
  name: 'osquery New Kernel Module Loaded',
  logTypes: ['Osquery.Differential'],
  severity: 'MEDIUM',
  description:
    'A scheduled osquery query over kernel_modules reported a newly loaded module. Loadable ' +
    'kernel module rootkits (Diamorphine, Reptile) hide processes, files and connections; ' +
    'on stable servers new modules are rare outside kernel or driver updates.',
  reference: 'https://osquery.io/schema/current/#kernel_modules',
  runbook:
    'Check the module name against the running kernel package (modinfo NAME, ' +
    '/lib/modules/$(uname -r)). An unknown module, one loaded from outside /lib/modules, or ' +
    'one without a signature is suspicious. Compare with a package or driver update at the ' +
    'same time. If unexplained, capture memory and treat the host as compromised.',
  tags: ['osquery', 'Persistence', 'Rootkit'],
  reports: { 'MITRE ATT&CK': ['TA0003:T1547.006', 'TA0005:T1014'] },
  dedupPeriodMinutes: 1440,

  rule(event) {
    return event.action === 'added' && /kernel_modules/.test(event.name)
  },

  dynamicSeverity(event) {
    return /^(diamorphine|reptile|suterusu|kovid|nuk3gh0st)/i.test(
      osqueryColumn(event.columns, 'name'),
    )
      ? 'CRITICAL'
      : 'DEFAULT'
  },

  title(event) {
    return `Kernel module ${osqueryColumn(event.columns, 'name')} loaded on ${event.hostIdentifier ?? 'unknown'}`
  },

  dedup(event) {
    return `osq-kmod:${event.hostIdentifier ?? ''}:${osqueryColumn(event.columns, 'name')}`
  },

  alertContext(event) {
    return {
      host: event.hostIdentifier ?? null,
      query: event.name,
      module: osqueryColumn(event.columns, 'name'),
      size: osqueryColumn(event.columns, 'size'),
      usedBy: osqueryColumn(event.columns, 'used_by'),
      status: osqueryColumn(event.columns, 'status'),
      address: osqueryColumn(event.columns, 'address'),
    }
  },

  tests: [
    {
      name: 'Diamorphine rootkit loaded',
      expect: true,
      event: {
        name: 'pack_incident-response_kernel_modules',
        hostIdentifier: 'db-02.example.com',
        calendarTime: '2024-06-12 15:00:00.000',
        unixTime: '2024-06-12 15:00:00.000',
        epoch: 0,
        counter: 77,
        numerics: false,
        action: 'added',
        columns: {
          address: '0xffffffffc0a12000',
          name: 'diamorphine',
          size: '16384',
          status: 'Live',
          used_by: '-',
        },
        p_log_type: 'Osquery.Differential',
      },
    },
    {
      name: 'Module unloaded',
      expect: false,
      event: {
        name: 'pack_incident-response_kernel_modules',
        hostIdentifier: 'db-02.example.com',
        action: 'removed',
        columns: { name: 'usb_storage', size: '81920', status: 'Live', used_by: 'uas' },
        p_log_type: 'Osquery.Differential',
      },
    },
  ],
})
