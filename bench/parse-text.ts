import { readFileSync } from 'node:fs'
import { parse as parseYaml } from 'yaml'
import { createTextParser } from '../src/logs/parsers/index.js'
import { compileSchema, type SchemaSpec } from '../src/logs/schema/index.js'
import { rfc3164Lines, rfc5424Lines } from './generators/syslog.js'
import { vpcFlowHeader, vpcFlowLines } from './generators/vpcflow.js'
import { timed, type BenchLine } from './harness.js'

const count = 200_000
const MiB = 1024 * 1024

function schema(file: string): SchemaSpec {
  const url = new URL(`../content/log-types/${file}`, import.meta.url)
  return parseYaml(readFileSync(url, 'utf8')) as SchemaSpec
}

/** Times `fn` over every line, after one warm-up pass so the JIT has seen the code. */
async function perLine(lines: readonly string[], fn: (line: string) => unknown): Promise<number> {
  for (const line of lines) fn(line)
  return timed(() => {
    for (const line of lines) fn(line)
  })
}

/**
 * Text parsers and the full compiled log types (parse + normalize + indicators) on one core,
 * beside a bare `line.split(' ')` of the same lines in the same run.
 */
export async function run(): Promise<BenchLine[]> {
  const cases = [
    {
      name: 'AWS.VPCFlow',
      file: 'aws-vpcflow.yml',
      lines: [vpcFlowHeader, ...vpcFlowLines(count)],
    },
    { name: 'Syslog.RFC3164', file: 'syslog-rfc3164.yml', lines: rfc3164Lines(count) },
    { name: 'Syslog.RFC5424', file: 'syslog-rfc5424.yml', lines: rfc5424Lines(count) },
  ]
  const out: BenchLine[] = []
  for (const c of cases) {
    const spec = schema(c.file)
    const bytes = c.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0)
    const splitSeconds = await perLine(c.lines, (l) => l.split(' '))
    const parser = createTextParser(spec.parser)
    const parserSeconds = await perLine(c.lines, parser)
    const logType = compileSchema(spec)
    const failed = c.lines.filter((l) => logType.parse(l).failures.length > 0)
    if (failed.length > 0) throw new Error(`${c.name}: generated line fails: ${failed[0] ?? ''}`)
    const fullSeconds = await perLine(c.lines, (l) => logType.parse(l))
    const lines = c.lines.length
    const split = { name: "line.split(' ')", value: lines / splitSeconds, unit: 'lines/s' }
    const splitMiB = { name: "line.split(' ')", value: bytes / MiB / splitSeconds, unit: 'MiB/s' }
    out.push(
      {
        name: `${c.name} text parser`,
        value: lines / parserSeconds,
        unit: 'lines/s',
        baseline: split,
      },
      {
        name: `${c.name} text parser`,
        value: bytes / MiB / parserSeconds,
        unit: 'MiB/s',
        baseline: splitMiB,
      },
      {
        name: `${c.name} parse + normalize`,
        value: lines / fullSeconds,
        unit: 'lines/s',
        baseline: split,
      },
      {
        name: `${c.name} parse + normalize`,
        value: bytes / MiB / fullSeconds,
        unit: 'MiB/s',
        baseline: splitMiB,
      },
    )
  }
  return out
}
