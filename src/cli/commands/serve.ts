import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal serve`: the HTTP API and the pipeline, until SIGINT or SIGTERM. */
export function registerServe(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('serve')
    .description('Start the HTTP API and the pipeline')
    .option('--demo', 'ingest bundled sample events on start, so alerts appear at once', false)
    .option('--host <host>', 'address to listen on (overrides server.host)')
    .option('--port <port>', 'port to listen on (overrides server.port)', parsePort)
    .action(async (flags: { demo: boolean; host?: string; port?: number }, command: Command) => {
      const global = command.optsWithGlobals<GlobalOptions>()
      const server = await runtime.serve({ ...global, ...flags })
      output.err(`Caracal ${runtime.version} listening on ${server.url}\n`)
      if (server.adminToken !== undefined) {
        output.err(
          `\nAn admin API token was created. It is shown only this once; keep it safe:\n\n` +
            `  ${server.adminToken}\n\n`,
        )
      }
      if (server.demo !== undefined) {
        const { events, failed, logTypes, alertsOpened, alerts } = server.demo
        const rules = new Set(alerts.map((a) => a.ruleId)).size
        output.err(
          `Demo: ingested ${events} sample events of ${logTypes} log types (${failed} malformed ` +
            `on purpose, kept as failures); ${alertsOpened} alert${alertsOpened === 1 ? '' : 's'} ` +
            `opened by ${rules} rule${rules === 1 ? '' : 's'}:\n`,
        )
        const shown = [...alerts].sort(
          (a, b) => severityRank(b.severity) - severityRank(a.severity),
        )
        for (const a of shown.slice(0, demoAlertsShown))
          output.err(`  ${a.severity.padEnd(8)} ${a.title} (${a.eventCount} events)\n`)
        if (shown.length > demoAlertsShown)
          output.err(`  … and ${shown.length - demoAlertsShown} more\n`)
        const token = server.adminToken ?? '<token>'
        output.err(`See them:  curl -H "Authorization: Bearer ${token}" ${server.url}/v1/alerts\n`)
      }
      const stop = () => void server.close()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      await server.closed
    })
}

/** Enough of the demo's alerts to see what Caracal found without scrolling. */
const demoAlertsShown = 12

const severities = ['INFO', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']
function severityRank(severity: string): number {
  return severities.indexOf(severity.toUpperCase())
}

function parsePort(value: string): number {
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a number from 0 to 65535, got ${value}`)
  }
  return port
}
