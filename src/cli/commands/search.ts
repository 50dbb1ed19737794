import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal search VALUE…`: find indicators (IP, domain, hash, ARN, user …) across all logs. */
export function registerSearch(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('search')
    .description('Find IPs, CIDRs, domains, hashes, ARNs, account ids, emails or users in all logs')
    .argument('<values...>', 'values to find; kind:value forces a kind (e.g. username:root)')
    .option('--since <duration>', 'how far back: 7d, 24h, 2 weeks …', '7d')
    .option('--limit <n>', 'events shown at most (0: only the counts per log type)', '20')
    .option('--json', 'print the whole result as JSON', false)
    .action(
      async (
        values: string[],
        flags: { since: string; limit: string; json: boolean },
        command: Command,
      ) => {
        const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
        try {
          const result = await services.search(values, {
            since: flags.since,
            limit: Number(flags.limit),
          })
          if (flags.json) {
            output.out(`${JSON.stringify(result, null, 2)}\n`)
            return
          }
          const kinds = result.indicators.map((i) => `${i.value} (${i.kind})`).join(', ')
          if (result.counts.length === 0) {
            output.out(`No events with ${kinds} in the last ${flags.since}.\n`)
            return
          }
          output.out(`Events with ${kinds} in the last ${flags.since}:\n`)
          for (const c of result.counts)
            output.out(`  ${String(c.count).padStart(8)}  ${c.logType}\n`)
          if (result.events.length === 0) return
          output.out(`\nNewest ${result.events.length}:\n`)
          for (const e of result.events) {
            output.out(
              `  ${String(e.p_event_time)}  ${String(e.p_log_type)}  ${String(e.p_row_id)}\n`,
            )
          }
        } finally {
          await services.close()
        }
      },
    )
}
