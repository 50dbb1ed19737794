import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/**
 * `caracal detections`: the loaded detections with severity, log types and ATT&CK mapping, and
 * why the engine disabled any (repeated timeouts); `caracal detections enable <id>` re-enables.
 */
export function registerDetections(program: Command, runtime: CliRuntime, output: CliOutput): void {
  const detectionsCommand = program
    .command('detections')
    .description('List the detections that are loaded (built-in and configured folders)')
    .option('--json', 'print JSON', false)
    .action(async (flags: { json: boolean }, command: Command) => {
      const options = command.optsWithGlobals<GlobalOptions>()
      const { detections: loaded, errors } = await runtime.listDetections(options)
      const health = await runtime.openDetectionHealth(options)
      const stopped = new Map(
        (await health.list().finally(() => health.close())).map((d) => [d.id, d]),
      )
      const detections = loaded.map((d) => ({
        ...d,
        autoDisabled: stopped.get(d.id)?.reason ?? null,
      }))
      if (flags.json) {
        output.out(`${JSON.stringify({ detections, errors }, null, 2)}\n`)
      } else {
        for (const d of detections) {
          const state =
            d.autoDisabled !== null
              ? ` (auto-disabled: ${d.autoDisabled})`
              : d.enabled
                ? ''
                : ' (disabled)'
          const pack = d.pack === null ? '' : `  pack:${d.pack}`
          output.out(
            `${d.severity.padEnd(8)}  ${d.id}${state}  [${d.logTypes.join(', ')}]  ${d.attack.join(' ')}${pack}\n`,
          )
        }
        const enabled = detections.filter((d) => d.enabled && d.autoDisabled === null).length
        output.out(`${detections.length} detections, ${enabled} enabled\n`)
      }
      for (const e of errors) output.err(`${e.file}: ${e.message}\n`)
      if (errors.length > 0) process.exitCode = 1
    })

  detectionsCommand
    .command('enable')
    .description('Re-enable a detection the engine disabled (a running server picks it up)')
    .argument('<id>', 'the detection id (RuleID)')
    .action(async (id: string, _flags: unknown, command: Command) => {
      const health = await runtime.openDetectionHealth(command.optsWithGlobals<GlobalOptions>())
      try {
        if (await health.enable(id)) {
          output.out(`${id} enabled; a running server runs it again within 10 seconds\n`)
        } else {
          output.err(`${id} was not disabled by the engine\n`)
          process.exitCode = 1
        }
      } finally {
        await health.close()
      }
    })
}
