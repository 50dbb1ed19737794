import type { Plugin } from '../../core/index.js'
import { syslogSourceConfig } from './config.js'
import { SyslogSource } from './syslog-source.js'

/** The `syslog` source plugin. */
export const syslogSourcePlugin: Plugin<typeof syslogSourceConfig, SyslogSource> = {
  type: 'syslog',
  summary: 'Listens for syslog (RFC 3164/5424) over UDP, TCP or TLS (RFC 6587 framing).',
  configSchema: syslogSourceConfig.refine((c) => c.protocol !== 'tls' || c.tls !== undefined, {
    error: 'protocol tls needs tls.certFile and tls.keyFile',
    path: ['tls'],
  }),
  create: (config, context) => new SyslogSource(context.id, config, context),
}
export { SyslogSource }
