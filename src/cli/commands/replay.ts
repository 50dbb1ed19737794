import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions, ReplayOutput } from '../runtime.js'

/** `caracal replay`: run detections again over stored events of a time range. */
export function registerReplay(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('replay')
    .description('Run detections over stored events of a time range (--dry-run: only report)')
    .requiredOption('--from <time>', 'start, e.g. 2026-11-01 or 2026-11-01T10:00:00Z (UTC)')
    .requiredOption('--to <time>', 'end (UTC)')
    .option('--rule <id...>', 'only these rules')
    .option('--log-type <type...>', 'only these log types')
    .option('--dry-run', 'report the alerts that would open; create nothing', false)
    .option('--json', 'print the report as JSON', false)
    .action(
      async (
        flags: {
          from: string
          to: string
          rule?: string[]
          logType?: string[]
          dryRun: boolean
          json: boolean
        },
        command: Command,
      ) => {
        const from = parseTime(flags.from, '--from')
        const to = parseTime(flags.to, '--to')
        const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
        try {
          const report = await services.replay({
            from,
            to,
            dryRun: flags.dryRun,
            ...(flags.rule === undefined ? {} : { rules: flags.rule }),
            ...(flags.logType === undefined ? {} : { logTypes: flags.logType }),
            onProgress: (p) => {
              const rate = p.seconds > 0 ? Math.round(p.events / p.seconds) : 0
              output.progress(
                `${p.events.toLocaleString('en-US')} events, ${p.matches} matches, ${rate.toLocaleString('en-US')} events/s`,
              )
            },
          })
          output.progress('')
          output.out(
            flags.json ? `${JSON.stringify(report, null, 2)}\n` : describe(report, flags.dryRun),
          )
        } finally {
          await services.close()
        }
      },
    )
}

function describe(report: ReplayOutput, dryRun: boolean): string {
  const lines = [
    `${report.events} events replayed in ${report.seconds.toFixed(1)} s: ${report.matches} matches, ` +
      `${report.ruleErrors} rule errors, ` +
      (dryRun ? 'nothing created (dry run)' : `${report.alertsOpened} alerts opened`),
  ]
  for (const rule of report.rules) {
    lines.push(
      `  ${rule.ruleId}: ${rule.matches} matches, ${rule.alertGroups} alert${rule.alertGroups === 1 ? '' : 's'}`,
    )
    for (const title of rule.sampleTitles) lines.push(`    e.g. ${title}`)
  }
  return `${lines.join('\n')}\n`
}

function parseTime(text: string, flag: string): Date {
  const iso = text.includes('T') || text.includes(' ') ? text.replace(' ', 'T') : `${text}T00:00:00`
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`)
  if (Number.isNaN(ms)) throw new Error(`${flag} is not a time: ${text}`)
  return new Date(ms)
}
