import { appendFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SourceHealth } from '../src/core/index.js'
import { PrometheusMetrics, silentLogger } from '../src/platform/telemetry/index.js'
import { buildSources, startSources } from '../src/sources/index.js'
import { eventually, MemoryCheckpoints, RecordingSink } from './helpers/recording-sink.js'
import { s3rverCredentials, startS3Server } from './helpers/s3-server.js'
import { hasOpenssl, selfSignedCert } from './helpers/self-signed-cert.js'
import { tempDir } from './helpers/temp-dir.js'

/**
 * Every kind of source failure at once, in one set of running sources: each failing source is
 * marked failing with its own error and keeps retrying, while a healthy source goes on delivering.
 */
describe.runIf(hasOpenssl())('failing sources beside a healthy one', () => {
  const dir = tempDir('isolation')
  let s3: Awaited<ReturnType<typeof startS3Server>>
  beforeAll(async () => {
    s3 = await startS3Server()
  })
  afterAll(async () => {
    await s3.close()
    dir.remove()
  })

  it('marks each failing source with its error; the healthy one keeps delivering', async () => {
    const healthy = join(dir.path, 'healthy.log')
    writeFileSync(healthy, 'one\n')
    symlinkSync(join(dir.path, 'loop.log'), join(dir.path, 'loop.log'))
    const { certFile, keyFile } = selfSignedCert(dir.path, 'right-passphrase')
    const sources = buildSources(
      {
        healthy: { type: 'file', logType: 'Custom.Lines', paths: [healthy], pollIntervalMs: 50 },
        unreadable_file: {
          type: 'file',
          logType: 'Custom.Lines',
          paths: [join(dir.path, 'loop.log')],
          pollIntervalMs: 50,
        },
        missing_bucket: {
          type: 's3',
          bucket: 'no-such-bucket',
          prefixes: { '': 'Custom.Lines' },
          endpoint: s3.endpoint,
          forcePathStyle: true,
          credentials: { ...s3rverCredentials },
          pollIntervalMs: 100,
        },
        bad_credentials: {
          type: 's3',
          bucket: 'any',
          prefixes: { '': 'Custom.Lines' },
          endpoint: s3.endpoint,
          forcePathStyle: true,
          credentials: { accessKeyId: 'nobody', secretAccessKey: 'wrong-secret-key' },
          pollIntervalMs: 100,
        },
        tls_broken: {
          type: 'syslog',
          logType: 'Syslog.RFC5424',
          protocol: 'tls',
          host: '127.0.0.1',
          port: 0,
          tls: { certFile, keyFile, passphrase: 'wrong-passphrase' },
        },
      },
      (id) => ({ id, logger: silentLogger(), metrics: new PrometheusMetrics() }),
    )
    const sink = new RecordingSink()
    const running = startSources(sources.values(), sink, new MemoryCheckpoints(), silentLogger())
    const health = (id: string): SourceHealth | undefined => sources.get(id)?.health()
    try {
      await sink.waitForRecords(1)
      const failing = ['unreadable_file', 'missing_bucket', 'bad_credentials', 'tls_broken']
      await eventually(
        () => failing.every((id) => health(id)?.status === 'failing'),
        20_000,
        'every broken source failing',
      )
      expect(Object.fromEntries(failing.map((id) => [id, health(id)?.lastError?.code]))).toEqual({
        unreadable_file: 'READ_FAILED',
        missing_bucket: 'LIST_FAILED',
        bad_credentials: 'LIST_FAILED',
        tls_broken: 'LISTEN_FAILED',
      })
      // Retried, not given up: the error count keeps growing.
      const before = failing.map((id) => health(id)?.errors ?? 0)
      await eventually(
        () => failing.every((id, i) => (health(id)?.errors ?? 0) > (before[i] ?? 0)),
        20_000,
        'another attempt of every broken source',
      )
      // Meanwhile the healthy source goes on.
      appendFileSync(healthy, 'two\n')
      await sink.waitForRecords(2)
      expect(sink.records).toEqual(['one', 'two'])
      expect(health('healthy')).toMatchObject({ status: 'ok', errors: 0, eventsIn: 2 })
      expect(JSON.stringify(failing.map(health))).not.toMatch(/wrong-secret-key|wrong-passphrase/)
    } finally {
      await running.stop()
    }
    for (const id of sources.keys()) expect(health(id)?.status).toBe('stopped')
  }, 60_000)
})
