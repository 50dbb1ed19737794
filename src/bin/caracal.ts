#!/usr/bin/env node
import { createCliRuntime } from '../app/index.js'
import { createProgram } from '../cli/index.js'
import { AppError } from '../core/index.js'

const output = {
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  progress: (text: string) => {
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}`)
  },
}
const program = createProgram(createCliRuntime(process.env), output)

try {
  await program.parseAsync(process.argv)
} catch (err) {
  const message =
    err instanceof AppError ? `${err.code}: ${err.message}` : String((err as Error).stack ?? err)
  output.err(`caracal: ${message}\n`)
  process.exitCode = err instanceof AppError && err.category === 'user' ? 2 : 1
}
