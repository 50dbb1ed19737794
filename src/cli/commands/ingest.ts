import { createReadStream } from 'node:fs'
import type { Readable } from 'node:stream'
import type { Command } from 'commander'
import { AppError } from '../../core/index.js'
import { emptyTotals, submitStream } from '../../sources/index.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal ingest`: files or stdin through the same pipeline as the server, without a server. */
export function registerIngest(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('ingest')
    .description('Run log files (or - for stdin; plain or gzip) through the pipeline')
    .requiredOption('--log-type <type>', 'log type of the input, e.g. AWS.CloudTrail')
    .option('--source <name>', 'source id recorded in p_source_id', 'cli')
    .argument('<files...>', 'files to read, or - for standard input')
    .action(
      async (files: string[], flags: { logType: string; source: string }, command: Command) => {
        const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
        const totals = emptyTotals()
        let unreadable = 0
        try {
          if (!services.knownLogTypes.includes(flags.logType)) {
            throw new AppError(
              'LOG_TYPE_UNKNOWN',
              `Unknown log type ${flags.logType} (known: ${services.knownLogTypes.join(', ')})`,
            )
          }
          for (const file of files) {
            try {
              const input: Readable = file === '-' ? process.stdin : createReadStream(file)
              await submitStream(
                services.sink,
                input,
                { sourceId: flags.source, logType: flags.logType },
                totals,
              )
            } catch (err) {
              if (err instanceof AppError && err.category === 'operational') throw err
              unreadable += 1
              output.err(`${file}: ${(err as Error).message}\n`)
            }
          }
          // Deliver what this run opened now; anything left is retried by a server on this data.
          if (totals.alertsOpened > 0) await services.deliverPending()
        } finally {
          await services.close()
        }
        output.out(
          `${totals.received} records read, ${totals.parsed} events parsed, ${totals.failed} failed, ` +
            `${totals.matches} rule matches, ${totals.ruleErrors} rule errors, ${totals.alertsOpened} alerts opened\n`,
        )
        if (totals.failed > 0) {
          output.err(
            `${totals.failed} records failed to parse; they are kept with their reason in the lake (classification_failures)\n`,
          )
        }
        if (totals.failed > 0 || unreadable > 0) process.exitCode = 1
      },
    )
}
