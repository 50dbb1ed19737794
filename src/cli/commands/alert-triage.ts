import { userInfo } from 'node:os'
import type { Command } from 'commander'
import { AlertStatus, type Alert } from '../../contract/index.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal alerts show ID` and `caracal alerts update ID… [--status] [--assignee] [--comment]`. */
export function registerAlertTriage(alerts: Command, runtime: CliRuntime, output: CliOutput): void {
  alerts
    .command('show')
    .description('One alert with its timeline and deliveries')
    .argument('<id>', 'alert id')
    .option('--json', 'print JSON', false)
    .action(async (id: string, flags: { json: boolean }, command: Command) => {
      const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
      try {
        const alert = await services.alerts.get(id)
        if (alert === undefined) throw new Error(`No alert ${id}`)
        const activity = await services.alerts.activity(id)
        const deliveries = await services.alerts.deliveries(id)
        if (flags.json) {
          output.out(`${JSON.stringify({ alert, activity, deliveries }, null, 2)}\n`)
          return
        }
        output.out(describe(alert))
        output.out('\nTimeline:\n')
        for (const a of activity) {
          output.out(
            `  ${a.at.slice(0, 19).replace('T', ' ')}  ${a.actor}  ${a.action}  ${JSON.stringify(a.detail)}\n`,
          )
        }
        output.out('\nDeliveries:\n')
        for (const d of deliveries) {
          const last = d.attempts.at(-1)
          output.out(
            `  ${d.destinationId} (${d.kind}): ${d.status}, ${d.attempts.length} attempts${last?.message == null ? '' : ` — ${last.message}`}\n`,
          )
        }
      } finally {
        await services.close()
      }
    })
  alerts
    .command('update')
    .description('Change status or assignee of alerts, or comment on them')
    .argument('<ids...>', 'alert ids')
    .option('--status <status>', AlertStatus.options.join(', '))
    .option('--assignee <name>', 'who works on it; "" unassigns')
    .option('--comment <text>', 'add a comment')
    .option('--as <name>', 'who is making the change', `cli:${userInfo().username}`)
    .action(
      async (
        ids: string[],
        flags: { status?: string; assignee?: string; comment?: string; as: string },
        command: Command,
      ) => {
        const status =
          flags.status === undefined ? undefined : AlertStatus.parse(flags.status.toUpperCase())
        const assignee =
          flags.assignee === undefined ? undefined : flags.assignee === '' ? null : flags.assignee
        if (status === undefined && assignee === undefined && flags.comment === undefined) {
          throw new Error('Give --status, --assignee or --comment')
        }
        const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
        try {
          if (status !== undefined || assignee !== undefined) {
            const change = {
              ids,
              ...(status === undefined ? {} : { status }),
              ...(assignee === undefined ? {} : { assignee }),
            }
            const updated = await services.alerts.update(change, flags.as)
            for (const a of updated) output.out(`${a.id}  ${a.status}  ${a.assignee ?? '-'}\n`)
          }
          if (flags.comment !== undefined) {
            for (const id of ids) await services.alerts.comment(id, flags.comment, flags.as)
          }
          // A resolve message (PagerDuty, Opsgenie) goes out now; a server retries what fails.
          await services.deliverPending()
        } finally {
          await services.close()
        }
      },
    )
}

function describe(alert: Alert): string {
  return [
    alert.title,
    `  id:        ${alert.id}`,
    `  rule:      ${alert.ruleId} (version ${alert.ruleVersion})`,
    `  severity:  ${alert.severity}    status: ${alert.status}    assignee: ${alert.assignee ?? '-'}`,
    `  events:    ${alert.eventCount}, ${alert.firstEventTime} → ${alert.lastEventTime}`,
    `  log types: ${alert.logTypes.join(', ')}`,
    `  context:   ${JSON.stringify(alert.context)}`,
    alert.runbook === '' ? '' : `  runbook:   ${alert.runbook}`,
    '',
  ].join('\n')
}
