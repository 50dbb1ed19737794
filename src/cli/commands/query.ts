import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions, QueryOutput } from '../runtime.js'

/** `caracal query "SQL"`: read-only SQL over the lake (panther_logs.aws_cloudtrail, …). */
export function registerQuery(program: Command, runtime: CliRuntime, output: CliOutput): void {
  program
    .command('query')
    .description('Run read-only SQL over the lake, e.g. SELECT * FROM panther_logs.aws_cloudtrail')
    .argument('<sql>', 'one SELECT statement')
    .option('--format <format>', 'table, json (one object per line) or csv', 'table')
    .action(async (sql: string, flags: { format: string }, command: Command) => {
      if (!['table', 'json', 'csv'].includes(flags.format)) {
        throw new Error(`--format must be table, json or csv, got ${flags.format}`)
      }
      const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
      try {
        const result = await services.query(sql)
        output.out(render(result, flags.format))
        if (result.truncated) output.err(`Only the first ${result.rows.length} rows are shown.\n`)
      } finally {
        await services.close()
      }
    })
}

function render(result: QueryOutput, format: string): string {
  const names = result.columns.map((c) => c.name)
  if (format === 'json') return result.rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
  const cells = result.rows.map((r) => names.map((n) => cell(r[n])))
  if (format === 'csv') {
    const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v)
    return [names, ...cells].map((row) => row.map(csv).join(',')).join('\n') + '\n'
  }
  const widths = names.map((n, i) =>
    Math.min(60, Math.max(n.length, ...cells.map((r) => (r[i] ?? '').length))),
  )
  const line = (row: readonly string[]) =>
    row
      .map((v, i) =>
        v.length > (widths[i] ?? 0)
          ? `${v.slice(0, (widths[i] ?? 1) - 1)}…`
          : v.padEnd(widths[i] ?? 0),
      )
      .join('  ')
  return (
    [
      line(names),
      line(widths.map((w) => '-'.repeat(w))),
      ...cells.map(line),
      `(${result.rows.length} rows)`,
    ].join('\n') + '\n'
  )
}

function cell(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value
    case 'number':
    case 'boolean':
    case 'bigint':
      return String(value)
    case 'undefined':
      return ''
    default:
      return value === null ? '' : JSON.stringify(value)
  }
}
