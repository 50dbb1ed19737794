import { createSocket } from 'node:dgram'
import { createServer, connect as tcpConnect, type AddressInfo } from 'node:net'
import { connect as tlsConnect } from 'node:tls'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { PrometheusMetrics, silentLogger } from '../../platform/telemetry/index.js'
import { captureLogger } from '../../../test/helpers/capture-logger.js'
import { eventually, RecordingSink } from '../../../test/helpers/recording-sink.js'
import { hasOpenssl, selfSignedCert } from '../../../test/helpers/self-signed-cert.js'
import { tempDir } from '../../../test/helpers/temp-dir.js'
import { syslogSourcePlugin, type SyslogSource } from './index.js'

const stops: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop()
})

/** Builds and starts a syslog source on 127.0.0.1, port 0; stopped after the test. */
async function run(config: Record<string, unknown>, logger = silentLogger()) {
  const metrics = new PrometheusMetrics()
  const parsed = syslogSourcePlugin.configSchema.parse({
    type: 'syslog',
    logType: 'Syslog.RFC5424',
    host: '127.0.0.1',
    port: 0,
    lingerMs: 20,
    ...config,
  })
  const source = syslogSourcePlugin.create(parsed, { id: 'sys', logger, metrics })
  const sink = new RecordingSink()
  const controller = new AbortController()
  const done = source.start(sink, controller.signal)
  const stop = async () => {
    controller.abort()
    await done
  }
  stops.push(stop)
  return { source, sink, metrics, stop, done }
}

async function portOf(source: SyslogSource): Promise<number> {
  return (await source.listening()).port
}

function sendTcp(port: number, data: string | Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect(port, '127.0.0.1', () => socket.end(data))
    socket.on('close', () => {
      resolve()
    })
    socket.on('error', reject)
  })
}

const lines = (n: number, from = 0) =>
  Array.from({ length: n }, (_, i) => `<34>1 2026-11-28T12:00:00Z host app - - - msg ${from + i}`)

describe('syslog source', () => {
  it('receives UDP datagrams, one message each, in batches of the configured log type', async () => {
    const { source, sink } = await run({ protocol: 'udp' })
    const port = await portOf(source)
    const client = createSocket('udp4')
    for (const line of lines(5)) client.send(`${line}\n`, port, '127.0.0.1')
    await sink.waitForRecords(5)
    client.close()
    expect(sink.records.sort()).toEqual(lines(5).sort())
    expect(sink.batches[0]?.logType).toBe('Syslog.RFC5424')
    expect(sink.batches[0]?.sourceId).toBe('sys')
    const health = source.health()
    expect(health).toMatchObject({ status: 'ok', eventsIn: 5, errors: 0 })
    expect(health.bytesIn).toBeGreaterThan(5 * 40)
  })

  it('reads newline and octet-counted TCP connections and batches by count', async () => {
    const { source, sink } = await run({ protocol: 'tcp', batchSize: 100, lingerMs: 5000 })
    const port = await portOf(source)
    await sendTcp(port, lines(150).join('\n') + '\n')
    const octets = lines(50, 150)
      .map((l) => `${Buffer.byteLength(l)} ${l}`)
      .join('')
    await sendTcp(port, octets)
    // 200 messages, batch size 100, a long linger: two full batches, nothing waits for the timer.
    await sink.waitForRecords(200, 3000)
    expect(sink.batches.map((b) => b.records.length)).toEqual([100, 100])
    expect(sink.records).toEqual(lines(200))
  })

  it('flushes a partial batch after the linger, and on stop', async () => {
    const { source, sink, stop } = await run({ protocol: 'tcp', lingerMs: 50 })
    await sendTcp(await portOf(source), lines(3).join('\n'))
    await sink.waitForRecords(3, 2000)
    expect(sink.batches).toHaveLength(1)

    const slow = await run({ protocol: 'tcp', lingerMs: 60_000 })
    await sendTcp(await portOf(slow.source), lines(2).join('\n'))
    await eventually(() => slow.source.health().eventsIn === 2)
    await slow.stop()
    expect(slow.sink.records).toEqual(lines(2))
    expect(slow.source.health().status).toBe('stopped')
    await stop()
  })

  it('pauses TCP while the sink is busy and loses nothing', async () => {
    const { source, sink } = await run({
      protocol: 'tcp',
      batchSize: 50,
      maxPendingMessages: 100,
      lingerMs: 10,
    })
    sink.delayMs = 30
    const all = lines(2000)
    await sendTcp(await portOf(source), all.join('\n') + '\n')
    await sink.waitForRecords(2000, 20_000)
    expect(sink.records).toEqual(all)
    expect(Math.max(...sink.batches.map((b) => b.records.length))).toBeLessThanOrEqual(50)
  })

  it('drops a connection with a broken frame, counts it, and keeps serving others', async () => {
    const { source, sink, metrics } = await run({ protocol: 'tcp', maxMessageBytes: 256 })
    const port = await portOf(source)
    await sendTcp(port, '12x broken frame that is long enough')
    await sendTcp(port, `300 ${'x'.repeat(300)}5 <1>ok`)
    await sendTcp(port, lines(1).join(''))
    await sink.waitForRecords(2)
    expect(sink.records).toEqual(['<1>ok', lines(1)[0]])
    const health = source.health()
    expect(health.errors).toBe(2)
    expect(health.status).toBe('ok')
    expect(health.lastError?.code).toBe('MESSAGE_TOO_LARGE')
    const text = await metrics.render()
    expect(text).toContain(
      'caracal_errors_total{stage="source",component="sys",code="FRAMING_ERROR"} 1',
    )
  })

  it('retries when the port is taken, shows the error in health, then listens', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    const port = (blocker.address() as AddressInfo).port
    const { source, sink } = await run({ protocol: 'tcp', port })
    await eventually(() => source.health().status === 'failing')
    expect(source.health().lastError).toMatchObject({ code: 'LISTEN_FAILED' })
    expect(source.health().lastError?.message).toContain('EADDRINUSE')
    await new Promise((r) => blocker.close(r))
    expect(await portOf(source)).toBe(port)
    await sendTcp(port, lines(1).join(''))
    await sink.waitForRecords(1)
    expect(source.health().status).toBe('ok')
  })

  it('keeps batches when the sink fails for a while (retried with backoff)', async () => {
    const { source, sink } = await run({ protocol: 'tcp' })
    sink.failNext = 1
    await sendTcp(await portOf(source), lines(3).join('\n'))
    await sink.waitForRecords(3, 5000)
    expect(sink.records).toEqual(lines(3))
    expect(source.health()).toMatchObject({ status: 'ok', errors: 1, batches: 1 })
    expect(source.health().lastError?.code).toBe('SUBMIT_FAILED')
  })
})

describe.skipIf(!hasOpenssl())('syslog over TLS (needs the openssl command)', () => {
  const dir = tempDir('syslog-tls')
  afterAll(() => {
    dir.remove()
  })

  it('receives messages over TLS with an encrypted key, and never logs the passphrase', async () => {
    const passphrase = 'very-secret-passphrase-42'
    const { certFile, keyFile, cert } = selfSignedCert(dir.path, passphrase)
    const { source, sink } = await run({ protocol: 'tls', tls: { certFile, keyFile, passphrase } })
    const port = await portOf(source)
    await new Promise<void>((resolve, reject) => {
      const socket = tlsConnect({ port, host: '127.0.0.1', ca: cert }, () => {
        const framed = lines(3).map((l) => `${Buffer.byteLength(l)} ${l}`)
        socket.end(framed.join(''))
      })
      socket.on('close', () => {
        resolve()
      })
      socket.on('error', reject)
    })
    await sink.waitForRecords(3)
    expect(sink.records).toEqual(lines(3))

    // A wrong passphrase: the source reports it, and the secret appears nowhere.
    const capture = captureLogger()
    const bad = await run(
      { protocol: 'tls', tls: { certFile, keyFile, passphrase: 'wrong-passphrase-value' } },
      capture.logger,
    )
    await eventually(() => bad.source.health().status === 'failing')
    expect(bad.source.health().lastError?.code).toBe('LISTEN_FAILED')
    expect(capture.text()).toContain('LISTEN_FAILED')
    expect(capture.text()).not.toContain('wrong-passphrase-value')
    expect(JSON.stringify(bad.source.health())).not.toContain('wrong-passphrase-value')
  })

  it('counts a client failing the TLS handshake and keeps serving the others', async () => {
    const { certFile, keyFile, cert } = selfSignedCert(dir.path, 'another-passphrase')
    const { source, sink } = await run({
      protocol: 'tls',
      tls: { certFile, keyFile, passphrase: 'another-passphrase' },
    })
    const port = await portOf(source)
    // Plain text where a TLS ClientHello should be.
    await sendTcp(port, `${lines(1).join('')}\n`)
    await eventually(() => source.health().lastError?.code === 'TLS_ERROR')
    expect(source.health().status).toBe('ok')
    await new Promise<void>((resolve, reject) => {
      const socket = tlsConnect({ port, host: '127.0.0.1', ca: cert }, () => {
        socket.end(`${lines(2).join('\n')}\n`)
      })
      socket.on('close', () => {
        resolve()
      })
      socket.on('error', reject)
    })
    await sink.waitForRecords(2)
    expect(sink.records).toEqual(lines(2))
  })
})
