import type { Command } from 'commander'
import { AlertStatus, ListAlertsQuery, Severity, type Alert } from '../../contract/index.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'
import { registerAlertTriage } from './alert-triage.js'

/** `caracal alerts`: the newest alerts, as a table or JSON. */
export function registerAlerts(program: Command, runtime: CliRuntime, output: CliOutput): void {
  const alerts = program
    .command('alerts')
    .description('List alerts, newest first')
    .option('--json', 'print JSON (one object with alerts and nextCursor)', false)
    .option('--status <status>', `only this status (${AlertStatus.options.join(', ')})`)
    .option('--severity <severity>', `only this severity (${Severity.options.join(', ')})`)
    .option('--rule <id>', 'only alerts of this detection')
    .option('--assignee <name>', 'only alerts assigned to this name')
    .option('--log-type <type>', 'only alerts with events of this log type')
    .option('--text <text>', 'only alerts whose title contains this')
    .option('--sort <order>', 'created (default) or updated')
    .option('--limit <n>', 'how many', '50')
    .action(
      async (
        flags: {
          json: boolean
          status?: string
          severity?: string
          rule?: string
          assignee?: string
          logType?: string
          text?: string
          sort?: string
          limit: string
        },
        command: Command,
      ) => {
        const query = ListAlertsQuery.parse({
          limit: flags.limit,
          ruleId: flags.rule,
          assignee: flags.assignee,
          logType: flags.logType,
          text: flags.text,
          sort: flags.sort,
          ...(flags.status === undefined
            ? {}
            : { status: AlertStatus.parse(flags.status.toUpperCase()) }),
          ...(flags.severity === undefined
            ? {}
            : { severity: Severity.parse(flags.severity.toUpperCase()) }),
        })
        const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
        try {
          const page = await services.alerts.list(query)
          output.out(flags.json ? `${JSON.stringify(page, null, 2)}\n` : table(page.alerts))
        } finally {
          await services.close()
        }
      },
    )
  registerAlertTriage(alerts, runtime, output)
}

function table(alerts: readonly Alert[]): string {
  if (alerts.length === 0) return 'No alerts.\n'
  const rows = alerts.map((a) => [
    a.createdAt.slice(0, 19).replace('T', ' '),
    a.severity,
    a.status,
    String(a.eventCount),
    a.ruleId,
    a.title,
  ])
  const header = ['CREATED (UTC)', 'SEVERITY', 'STATUS', 'EVENTS', 'RULE', 'TITLE']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0))).join('  ')
  return [line(header), ...rows.map(line)].join('\n') + '\n'
}
