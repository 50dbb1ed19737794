import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal detections`: the loaded detections with severity, log types and ATT&CK mapping. */
export function registerDetections(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('detections')
    .description('List the detections that are loaded (built-in and configured folders)')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }, command: Command) => {
      const { detections, errors } = await runtime.listDetections(
        command.optsWithGlobals<GlobalOptions>(),
      )
      if (flags.json) {
        output.out(`${JSON.stringify({ detections, errors }, null, 2)}\n`)
      } else {
        for (const d of detections) {
          const state = d.enabled ? '' : ' (disabled)'
          output.out(
            `${d.severity.padEnd(8)}  ${d.id}${state}  [${d.logTypes.join(', ')}]  ${d.attack.join(' ')}\n`,
          )
        }
        const enabled = detections.filter((d) => d.enabled).length
        output.out(`${detections.length} detections, ${enabled} enabled\n`)
      }
      for (const e of errors) output.err(`${e.file}: ${e.message}\n`)
      if (errors.length > 0) process.exitCode = 1
    })
}
