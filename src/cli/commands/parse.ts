import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal parse`: normalized events as NDJSON on stdout, failures on stderr with their line. */
export function registerParse(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('parse')
    .description('Parse log files (or - for stdin) and print the normalized events as NDJSON')
    .requiredOption('--log-type <type>', 'log type of the input, e.g. AWS.CloudTrail')
    .argument('<files...>', 'files to read (plain or gzip), or - for standard input')
    .action(async (files: string[], flags: { logType: string }, command: Command) => {
      const tools = runtime.logTypeTools(command.optsWithGlobals<GlobalOptions>())
      let failed = 0
      for await (const record of tools.parse(flags.logType, files)) {
        for (const event of record.events) output.out(`${JSON.stringify(event)}\n`)
        for (const failure of record.failures) {
          failed += 1
          output.err(`${record.file}:${record.line}: ${failure.reason}\n`)
        }
      }
      if (failed > 0) {
        output.err(`${failed} records failed to parse\n`)
        process.exitCode = 1
      }
    })
}
