import type { Command } from 'commander'
import type { ScheduledRun } from '../../contract/index.js'
import type { CliOutput, CliRuntime, CliServices, GlobalOptions } from '../runtime.js'

/** `caracal scheduled list|runs|run-now`: Panther scheduled queries and their runs. */
export function registerScheduled(program: Command, runtime: CliRuntime, output: CliOutput): void {
  const scheduled = program
    .command('scheduled')
    .description(
      'Scheduled queries (Panther scheduled_query) and the runs that fed scheduled rules',
    )
  const withServices = async (
    command: Command,
    action: (services: CliServices) => Promise<void>,
  ): Promise<void> => {
    const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
    try {
      await action(services)
    } finally {
      await services.close()
    }
  }
  scheduled
    .command('list')
    .description('List scheduled queries with their schedule, rules and last run')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }, command: Command) => {
      await withServices(command, async (services) => {
        const queries = await services.scheduled.list()
        if (flags.json) {
          output.out(`${JSON.stringify(queries, null, 2)}\n`)
          return
        }
        if (queries.length === 0) output.out('No scheduled queries.\n')
        for (const q of queries) {
          const schedule = q.cron === null ? `every ${String(q.rateMinutes)} min` : `cron ${q.cron}`
          const state = q.enabled ? schedule : `${schedule} (disabled)`
          const last = q.lastRun === null ? 'never run' : `last run ${describeRun(q.lastRun)}`
          const rules = q.rules.length === 0 ? 'no rules' : `rules: ${q.rules.join(', ')}`
          output.out(`${q.name}  ${state}  ${rules}  ${last}\n`)
        }
      })
    })
  scheduled
    .command('runs')
    .description('Runs of one scheduled query, newest first')
    .argument('<name>', 'the QueryName')
    .option('--limit <n>', 'runs shown', '20')
    .option('--json', 'print JSON', false)
    .action(async (name: string, flags: { limit: string; json: boolean }, command: Command) => {
      const limit = Number(flags.limit)
      if (!Number.isInteger(limit) || limit < 1)
        throw new Error('--limit must be a positive integer')
      await withServices(command, async (services) => {
        const runs = await services.scheduled.runs(name, limit)
        if (flags.json) output.out(`${JSON.stringify(runs, null, 2)}\n`)
        else
          output.out(
            runs.length === 0 ? 'No runs yet.\n' : runs.map((r) => `${describeRun(r)}\n`).join(''),
          )
      })
    })
  scheduled
    .command('run-now')
    .description('Run a scheduled query now and feed its rows to its scheduled rules')
    .argument('<name>', 'the QueryName')
    .option('--json', 'print the run as JSON', false)
    .action(async (name: string, flags: { json: boolean }, command: Command) => {
      await withServices(command, async (services) => {
        const run = await services.scheduled.runNow(name)
        output.out(flags.json ? `${JSON.stringify(run, null, 2)}\n` : `${describeRun(run)}\n`)
        // A failed run is a failed command, so scripts notice.
        if (run.status === 'failed') process.exitCode = 1
      })
    })
}

function describeRun(run: ScheduledRun): string {
  const when = `${run.startedAt} (${run.trigger})`
  if (run.status === 'failed') return `${when} failed: ${run.error ?? 'unknown error'}`
  if (run.status === 'running') return `${when} running`
  return (
    `${when} ${String(run.rows)} rows, ${String(run.matches)} matches, ` +
    `${String(run.alertsOpened)} alerts opened`
  )
}
