import type { z } from 'zod'
import type { TextParser } from '../text-parser.js'
import { cefOptions, createCefParser } from './cef.js'
import { createKvParser, kvOptions } from './kv.js'
import { createLeefParser, leefOptions } from './leef.js'
import { createSyslogRfc3164Parser, syslogRfc3164Options } from './syslog-rfc3164.js'
import { createSyslogRfc5424Parser, syslogRfc5424Options } from './syslog-rfc5424.js'
import { createZeekTsvParser, zeekTsvOptions } from './zeek-tsv.js'

/** A built-in parser for a format no schema can express, chosen by `native: { name }`. */
export interface NativeParser {
  name: string
  summary: string
  /** Validates `native:` (including `name`); `.describe()` documents each option. */
  options: z.ZodType
  create(options: never): TextParser
}

function native<S extends z.ZodType>(
  name: string,
  summary: string,
  options: S,
  create: (options: z.infer<S>) => TextParser,
): NativeParser {
  return { name, summary, options, create: create }
}

/** Every native parser, by name. */
export const nativeParsers: readonly NativeParser[] = [
  native('syslog-rfc3164', 'BSD syslog, with or without <PRI>', syslogRfc3164Options, (o) =>
    createSyslogRfc3164Parser(o),
  ),
  native('syslog-rfc5424', 'RFC 5424 syslog with structured data', syslogRfc5424Options, () =>
    createSyslogRfc5424Parser(),
  ),
  native(
    'zeek-tsv',
    'Zeek TSV logs with their #fields header',
    zeekTsvOptions,
    createZeekTsvParser,
  ),
  native('cef', 'ArcSight Common Event Format', cefOptions, createCefParser),
  native('leef', 'IBM QRadar LEEF 1.0 and 2.0', leefOptions, createLeefParser),
  native('kv', 'key=value pairs with quoting', kvOptions, createKvParser),
]
