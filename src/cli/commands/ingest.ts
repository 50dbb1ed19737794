import { Option, type Command } from 'commander'
import { AppError } from '../../core/index.js'
import { resolveInputs } from '../ingest-inputs.js'
import { startProgress, type IngestCounters, type ProgressMode } from '../ingest-progress.js'
import { runIngest } from '../ingest-run.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

interface IngestFlags {
  logType: string[]
  include: string[]
  exclude: string[]
  source: string
  progress: ProgressMode
  progressInterval: string
  batchSize: string
}

const collect = (value: string, previous: string[]) => [...previous, value]

/**
 * `caracal ingest`: files, folders and stdin through the same pipeline as the server, without a
 * server. Without `--log-type` each input's first records pick its log types (see the docs).
 */
export function registerIngest(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('ingest')
    .description(
      'Run log files, folders (recursively) or stdin (- or piped) through the pipeline; ' +
        'plain, gzip or zstd (detected by their first bytes)',
    )
    .option(
      '--log-type <type>',
      'log type of the input, e.g. AWS.CloudTrail; repeat to let each record pick among ' +
        'several (the first is the main one). Default: the log types that accept the first ' +
        'records of each input',
      collect,
      [],
    )
    .option(
      '--include <glob>',
      "files of a folder to read (repeatable), e.g. '**/*.json.gz'",
      collect,
      [],
    )
    .option('--exclude <glob>', 'files of a folder to leave out (repeatable)', collect, [])
    .option('--source <name>', 'source id recorded in p_source_id', 'cli')
    .addOption(
      new Option('--progress <mode>', 'bar on a terminal, summary lines elsewhere')
        .choices(['auto', 'bar', 'lines', 'none'])
        .default('auto'),
    )
    .option('--progress-interval <seconds>', 'seconds between summary lines', '5')
    .option('--batch-size <records>', 'records per batch', '2000')
    .argument(
      '[paths...]',
      'files or folders to read, or - for standard input (the default when piped)',
    )
    .action(async (paths: string[], flags: IngestFlags, command: Command) => {
      const named = paths.length > 0 ? paths : process.stdin.isTTY ? [] : ['-']
      if (named.length === 0) {
        throw new AppError('VALIDATION_FAILED', 'Name files or folders to ingest, or pipe logs in')
      }
      const batchSize = Math.ceil(positive(flags.batchSize, '--batch-size'))
      const intervalMs = positive(flags.progressInterval, '--progress-interval') * 1000
      const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
      let report
      let counters: IngestCounters | undefined
      try {
        const unknown = flags.logType.filter((t) => !services.knownLogTypes.includes(t))
        if (unknown.length > 0) {
          throw new AppError(
            'LOG_TYPE_UNKNOWN',
            `Unknown log type ${unknown.join(', ')} (known: ${services.knownLogTypes.join(', ')})`,
          )
        }
        const inputs = await resolveInputs(named, {
          include: flags.include,
          exclude: flags.exclude,
        })
        const files = inputs.filter((i) => i.kind === 'file')
        counters = {
          inputs: inputs.length,
          inputsDone: 0,
          bytes: 0,
          totalBytes: inputs.some((i) => i.kind === 'stdin')
            ? undefined
            : files.reduce((sum, f) => sum + f.size, 0),
          records: 0,
          events: 0,
          failed: 0,
          unreadable: 0,
        }
        const display = startProgress(counters, {
          mode: flags.progress,
          intervalMs,
          stream: process.stderr,
          write: (text) => {
            output.err(text)
          },
        })
        try {
          report = await runIngest(
            services,
            {
              inputs,
              logTypes: [...new Set(flags.logType)],
              sourceId: flags.source,
              batchSize,
              stdin: process.stdin,
            },
            counters,
            (event) => {
              if (event.kind === 'progress') display.update()
              else if (event.kind === 'failed') output.err(`${event.path}: ${event.message}\n`)
              else if (display.mode === 'lines') {
                output.err(`${event.path}: log types ${event.logTypes.join(', ')}\n`)
              }
            },
          )
        } finally {
          display.stop()
        }
        if (inputs.length === 0) output.err('No files matched\n')
        // Deliver what this run opened now; anything left is retried by a server on this data.
        if (report.alertsOpened > 0) await services.deliverPending()
      } finally {
        await services.close()
      }
      output.out(
        `${report.received} records read, ${report.parsed} events parsed, ${report.failed} failed, ` +
          `${report.matches} rule matches, ${report.ruleErrors} rule errors, ${report.alertsOpened} alerts opened\n`,
      )
      if (report.failed > 0) {
        output.err(
          `${report.failed} records failed to parse; they are kept with their reason in the lake (classification_failures)\n`,
        )
      }
      if (report.failed > 0 || counters.unreadable > 0) process.exitCode = 1
    })
}

function positive(value: string, flag: string): number {
  const number = Number(value)
  if (!Number.isFinite(number) || number <= 0) {
    throw new AppError('VALIDATION_FAILED', `${flag} must be a positive number (got ${value})`)
  }
  return number
}
