import { execFile } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(
  root,
  (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: { caracal: string } }).bin
    .caracal,
)

// `npx caracal` (the README's first command) executes the built file itself, right after `npm ci`.
describe.skipIf(!existsSync(bin))('the caracal command as npm installs it', () => {
  it('is executable and starts on its own shebang', async () => {
    expect(statSync(bin).mode & 0o111).not.toBe(0)
    const { stdout } = await promisify(execFile)(bin, ['--version'])
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/)
  }, 60_000)
})
