import { existsSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openSandbox, type Sandbox } from './duckdb-sandbox.js'
import { tempDir } from './fixtures/lake-fixtures.js'

// These run raw SQL on the sandboxed connection, below the reader's SELECT-only check, to show
// that DuckDB itself refuses; lake-reader.test.ts covers the same statements through query().
let dir: string
let removeDir: () => Promise<void>
let sandbox: Sandbox

beforeEach(async () => {
  const temp = await tempDir()
  dir = temp.path
  removeDir = temp.remove
  await mkdir(join(dir, 'logs'))
  await mkdir(join(dir, 'logs2'))
  await writeFile(join(dir, 'secret.csv'), 'a,b\n1,2\n')
  await writeFile(join(dir, 'logs2', 'neighbour.csv'), 'a,b\n1,2\n')
  sandbox = await openSandbox({ allowedDirectories: [join(dir, 'logs')], memoryLimit: '256MB' })
})

afterEach(async () => {
  sandbox.close()
  await removeDir()
})

async function run(sql: string): Promise<unknown> {
  const reader = await sandbox.connection.runAndReadAll(sql)
  return reader.getRowObjectsJson()
}

describe('openSandbox', () => {
  it('reads and writes inside the allowed folder', async () => {
    const file = join(dir, 'logs', 'x.parquet')
    await run(`COPY (SELECT 42 AS n) TO '${file}' (FORMAT parquet)`)
    expect(await run(`SELECT n FROM read_parquet('${file}')`)).toEqual([{ n: 42 }])
  })

  it.each([
    ['a system file', `SELECT * FROM read_csv('/etc/passwd')`],
    ['a file beside the lake', `SELECT * FROM read_csv('$DIR/secret.csv')`],
    ['a path climbing out', `SELECT * FROM read_csv('$DIR/logs/../secret.csv')`],
    ['a folder sharing the prefix', `SELECT * FROM read_csv('$DIR/logs2/neighbour.csv')`],
    ['a glob outside', `SELECT * FROM glob('/etc/*')`],
    ['a URL', `SELECT * FROM read_csv('http://127.0.0.1:9/x.csv')`],
    ['COPY outside', `COPY (SELECT 1) TO '$DIR/out.csv'`],
    ['ATTACH a file', `ATTACH '$DIR/out.db'`],
    ['EXPORT DATABASE', `EXPORT DATABASE '$DIR/export'`],
    ['INSTALL', 'INSTALL httpfs'],
  ])('refuses %s', async (_name, sql) => {
    await expect(run(sql.replaceAll('$DIR', dir))).rejects.toThrow(/Permission Error/)
    expect(existsSync(join(dir, 'out.csv'))).toBe(false)
    expect(existsSync(join(dir, 'out.db'))).toBe(false)
    expect(existsSync(join(dir, 'export'))).toBe(false)
  })

  it('refuses to load extensions', async () => {
    await expect(run('LOAD httpfs')).rejects.toThrow(/disabled/)
  })

  it.each([
    'SET enable_external_access=true',
    'RESET enable_external_access',
    "SET allowed_directories=['/']",
    'SET autoload_known_extensions=true',
    "SET memory_limit='100GB'",
    "SET temp_directory='/tmp'",
  ])('keeps its configuration locked: %s', async (sql) => {
    await expect(run(sql)).rejects.toThrow(/locked|disabled/)
    expect(await run("SELECT current_setting('enable_external_access') AS on")).toEqual([
      { on: false },
    ])
  })

  it('spills nowhere, so no folder outside the lake is implicitly allowed', async () => {
    expect(
      await run(
        "SELECT current_setting('temp_directory') AS temp, current_setting('lock_configuration') AS locked",
      ),
    ).toEqual([{ temp: '', locked: true }])
  })

  it('holds the same lockdown on its other connections', async () => {
    const other = await sandbox.connect()
    try {
      const attempt = (sql: string) => other.runAndReadAll(sql)
      await expect(attempt("SELECT * FROM read_csv('/etc/passwd')")).rejects.toThrow(
        /Permission Error/,
      )
      await expect(attempt(`COPY (SELECT 1) TO '${join(dir, 'out.csv')}'`)).rejects.toThrow(
        /Permission Error/,
      )
      await expect(attempt('SET enable_external_access=true')).rejects.toThrow(/locked/)
      await expect(attempt('LOAD httpfs')).rejects.toThrow(/disabled/)
      expect(existsSync(join(dir, 'out.csv'))).toBe(false)
      const settings = await attempt(
        "SELECT current_setting('parquet_metadata_cache') AS cache, current_setting('temp_directory') AS temp",
      )
      expect(settings.getRowObjectsJson()).toEqual([{ cache: true, temp: '' }])
    } finally {
      other.closeSync()
    }
  })
})
