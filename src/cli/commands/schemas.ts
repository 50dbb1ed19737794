import { InvalidArgumentError, type Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

/** `caracal schemas test|infer`: tools for writing custom log type schemas. */
export function registerSchemas(program: Command, runtime: CliRuntime, output: CliOutput): void {
  const schemas = program.command('schemas').description('Test and infer log type schemas')
  schemas
    .command('test')
    .description('Run schema tests (<name>.tests.yml beside <name>.yml)')
    .argument('[paths...]', 'test files or folders (default: built-in and logTypes.dirs)')
    .action((paths: string[], _flags: unknown, command: Command) => {
      const report = runtime
        .logTypeTools(command.optsWithGlobals<GlobalOptions>())
        .testSchemas(paths)
      for (const result of report.results) {
        output.out(`[${result.passed ? 'PASS' : 'FAIL'}] ${result.file}: ${result.name}\n`)
        if (!result.passed) output.out(`\t${result.reason}\n`)
      }
      output.out(`${report.passed} passed, ${report.failed} failed\n`)
      if (report.failed > 0) process.exitCode = 1
    })
  schemas
    .command('infer')
    .description('Propose a schema (YAML on stdout) from sample JSON lines')
    .argument('<file>', 'sample JSON lines (plain or gzip), or - for standard input')
    .option('--name <name>', 'log type name', customName, 'Custom.Inferred')
    .action(async (file: string, flags: { name: string }, command: Command) => {
      const tools = runtime.logTypeTools(command.optsWithGlobals<GlobalOptions>())
      const inferred = await tools.inferSchema(file, flags.name)
      for (const skipped of inferred.skipped) output.err(`${file}: skipped ${skipped}\n`)
      // Only a bug in inference makes the proposal fail to load; say so rather than hide it.
      for (const error of inferred.errors) output.err(`${error.path}: ${error.message}\n`)
      output.out(inferred.yaml)
      output.err(`${flags.name}: inferred from ${inferred.samples} samples; review it before use\n`)
      if (inferred.samples === 0 || inferred.errors.length > 0) process.exitCode = 1
    })
}

function customName(value: string): string {
  // The schema loader's rule: dot-separated words of two or more characters, each capitalized.
  if (!/^Custom(\.[A-Z][A-Za-z0-9]+)+$/.test(value)) {
    throw new InvalidArgumentError('must be Custom.<Name> (words of 2+ letters), e.g. Custom.MyApp')
  }
  return value
}
