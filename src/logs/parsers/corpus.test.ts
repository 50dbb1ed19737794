import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { compileSchema } from '../schema/index.js'
import type { SchemaSpec } from '../schema/index.js'
import { createTextParser } from './index.js'

/**
 * Every line of the shared corpus files of the text log types must parse, through the schema's
 * `parser:` alone and through the compiled log type, except the lines listed here with why they
 * genuinely do not belong to the format. A fresh parser per file: one file is one stream.
 */
const repo = fileURLToPath(new URL('../../../', import.meta.url))
const corpus = join(repo, '../shared/corpus')
const schemas = join(repo, 'content/log-types')

interface CorpusCase {
  /** Schema files tried in order; a line passes if one of them parses it. */
  schemas: string[]
  dir: string
  /** Only files whose path matches (skips JSON flavours of the same vendor). */
  files?: RegExp
  /** Lines expected to fail in every schema: file → line number → part of the reason. */
  malformed?: Record<string, Record<number, string>>
}

/** Every line of a file, with one reason. */
const allLines = (count: number, reason: string) =>
  Object.fromEntries(Array.from({ length: count }, (_, i) => [i + 1, reason]))

// Custom VPC flow formats delivered without a header line: their column order lives in the
// sender's configuration, so only a custom schema listing the columns can read them.
const customVpc = 'columns, found'
const cases: CorpusCase[] = [
  {
    schemas: ['aws-vpcflow.yml'],
    dir: 'AWS.VPCFlow',
    malformed: {
      'elastic-beats/custom-transit-gateway.log': allLines(1, customVpc),
      'elastic-integrations/test-ecs-samples.log': allLines(10, customVpc),
      'elastic-integrations/test-tgw-samples.log': allLines(10, customVpc),
      'elastic-integrations/test-v5-all-fields.log': allLines(1, customVpc),
      'elastic-integrations/test-v8-samples.log': allLines(1, customVpc),
    },
  },
  { schemas: ['aws-alb.yml'], dir: 'AWS.ALB', files: /\.log$/ },
  { schemas: ['aws-s3serveraccess.yml'], dir: 'AWS.S3ServerAccess', files: /\.log$/ },
  { schemas: ['nginx-access.yml'], dir: 'Nginx.Access', files: /\.log$/ },
  {
    schemas: ['apache-accesscombined.yml', 'apache-accesscommon.yml'],
    dir: 'Apache.AccessCombined',
    malformed: {
      // combined plus a third quoted field (nginx "main"), and vhost_combined ("%v %h …").
      'elastic-beats/test.log': {
        4: 'expected the end of the record',
        5: 'expected the end of the record',
        7: 'HTTPDATE:request_time',
      },
      // The user agent was cut off: no closing quote.
      'elastic-examples/apache_logs': { 8899: 'expected "\\"" at offset 182' },
    },
  },
  {
    schemas: ['syslog-rfc3164.yml'],
    dir: 'Syslog.RFC3164',
    files: /\.(log|txt|data)$/,
    // A fuzzing seed: "<0>x" has no timestamp, host or tag.
    malformed: { 'rsyslog-testsuites/rfc3164-short.txt': { 1: 'no "Mmm dd hh:mm:ss" timestamp' } },
  },
  {
    schemas: ['syslog-rfc5424.yml'],
    dir: 'Syslog.RFC5424',
    // Juniper wrote typographic quotes (=”st0.0”) in these SD-PARAMs: not RFC 5424.
    malformed: {
      'elastic-beats-juniper-srx/flow.log': {
        16: 'expected PARAM-NAME="value"',
        17: 'expected PARAM-NAME="value"',
        18: 'expected PARAM-NAME="value"',
        21: 'expected PARAM-NAME="value"',
      },
    },
  },
  { schemas: ['zeek-conn-tsv.yml'], dir: 'Zeek.Conn', files: /-tsv\// },
  { schemas: ['zeek-dns-tsv.yml'], dir: 'Zeek.DNS', files: /-tsv\// },
  { schemas: ['zeek-http-tsv.yml'], dir: 'Zeek.HTTP', files: /-tsv\// },
  { schemas: ['zeek-ssl-tsv.yml'], dir: 'Zeek.SSL', files: /-tsv\// },
]

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => !/\.(md|json|csv)$|LICENSE/.test(f) && statSync(join(dir, f)).isFile())
    .sort()
}

function loadSpec(file: string): SchemaSpec {
  return parseYaml(readFileSync(join(schemas, file), 'utf8')) as SchemaSpec
}

const present = existsSync(corpus)
describe.skipIf(!present)(
  present
    ? 'text log types against ../shared/corpus'
    : 'text log types against ../shared/corpus (SKIPPED: no ../shared/corpus beside the repo)',
  () => {
    for (const c of cases) {
      it(`${c.schemas.join(' / ')} parse every line of ${c.dir}`, () => {
        const specs = c.schemas.map(loadSpec)
        const files = filesUnder(join(corpus, c.dir)).filter((f) => c.files?.test(f) ?? true)
        expect(files.length).toBeGreaterThan(0)
        const failures: Record<string, Record<number, string>> = {}
        let parsed = 0
        for (const file of files) {
          // Fresh per file: header state (VPC flow, Zeek) belongs to one stream.
          const parsers = specs.map((s) => createTextParser(s.parser))
          const logTypes = specs.map((s) => compileSchema(s))
          const lines = readFileSync(join(corpus, c.dir, file), 'utf8').split(/\r?\n/)
          lines.forEach((line, i) => {
            if (line === '') return
            let reason: string | undefined
            for (const [k, parse] of parsers.entries()) {
              const result = parse(line)
              const outcome = (logTypes[k] as (typeof logTypes)[number]).parse(line)
              if (result.ok) {
                const declared = new Set((specs[k] as SchemaSpec).fields.map((f) => f.name))
                const unknown = Object.keys(result.value).filter((key) => !declared.has(key))
                expect(unknown, `${file}:${i + 1} keys not in the schema`).toEqual([])
                expect(outcome.failures, `${file}:${i + 1} through the compiler`).toEqual([])
                parsed++
                return
              }
              if (result.skip === true) return
              reason ??= result.reason
            }
            ;(failures[file] ??= {})[i + 1] = reason ?? ''
          })
        }
        expect(parsed).toBeGreaterThan(0)
        const expected = c.malformed ?? {}
        expect(Object.keys(failures).sort()).toEqual(Object.keys(expected).sort())
        for (const [file, lines] of Object.entries(failures)) {
          const want = expected[file] ?? {}
          expect(Object.keys(lines), file).toEqual(Object.keys(want))
          for (const [n, reason] of Object.entries(lines)) expect(reason).toContain(want[Number(n)])
        }
      })
    }
  },
)
