import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal logtypes`: the built-in and custom log types, as a table or JSON. */
export function registerLogTypes(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('logtypes')
    .description('List log types: built-in ones and custom ones from logTypes.dirs')
    .option('--json', 'print JSON (one array) instead of a table', false)
    .action(async (flags: { json: boolean }, command: Command) => {
      const { logTypes, errors } = await runtime
        .logTypeTools(command.optsWithGlobals<GlobalOptions>())
        .list()
      for (const error of errors) output.err(`${error}\n`)
      if (flags.json) {
        output.out(`${JSON.stringify(logTypes, null, 2)}\n`)
      } else {
        const width = Math.max(4, ...logTypes.map((t) => t.name.length))
        output.out(`${'NAME'.padEnd(width)}  KIND  FIELDS  DESCRIPTION\n`)
        for (const t of logTypes) {
          // One line each: descriptions are paragraphs in the schemas.
          const description = t.description.replace(/\s+/g, ' ').trim()
          const short = description.length > 80 ? `${description.slice(0, 79)}…` : description
          output.out(
            `${t.name.padEnd(width)}  ${t.kind.padEnd(4)}  ${String(t.fields).padStart(6)}  ${short}\n`,
          )
        }
      }
      if (errors.length > 0) process.exitCode = 1
    })
}
