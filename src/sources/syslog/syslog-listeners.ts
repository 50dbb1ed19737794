import { createSocket } from 'node:dgram'
import { readFile } from 'node:fs/promises'
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net'
import { createServer as createTlsServer } from 'node:tls'
import type { RecordBatcher } from '../record-batcher.js'
import type { SourceStats } from '../source-stats.js'
import type { SyslogSourceConfig } from './config.js'
import { datagramMessage, SyslogFramer } from './syslog-framing.js'

/** A bound listener: where it listens, and how to stop it. */
export interface Listener {
  address: AddressInfo
  close(): Promise<void>
}

/** What every listener feeds: the batcher (backpressure) and the stats (health). */
export interface ListenerContext {
  config: SyslogSourceConfig
  batcher: RecordBatcher
  stats: SyslogStatsLike
}

type SyslogStatsLike = Pick<SourceStats, 'received' | 'error'>

/** Binds a UDP socket: one message per datagram; dropped (and counted) while saturated. */
export async function listenUdp(ctx: ListenerContext): Promise<Listener> {
  const { config, batcher, stats } = ctx
  const socket = createSocket(config.host.includes(':') ? 'udp6' : 'udp4')
  let dropped = 0
  socket.on('message', (datagram: Buffer) => {
    stats.received(1, datagram.length)
    if (datagram.length > config.maxMessageBytes) {
      stats.error('MESSAGE_TOO_LARGE', `a ${datagram.length}-byte datagram is over the limit`)
      return
    }
    if (batcher.saturated) {
      // UDP cannot push back: drop, and report the count once the pipeline caught up.
      if (dropped++ === 0) {
        void batcher.drained().then(() => {
          stats.error('DROPPED', `${dropped} datagrams dropped while the pipeline was behind`)
          dropped = 0
        })
      }
      return
    }
    const message = datagramMessage(datagram)
    if (message !== undefined) batcher.add(message)
  })
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject)
    socket.bind(config.port, config.host, () => {
      socket.off('error', reject)
      resolve()
    })
  })
  socket.on('error', (err) => {
    stats.error('SOCKET_ERROR', err)
  })
  return {
    address: socket.address(),
    close: () =>
      new Promise((resolve) =>
        socket.close(() => {
          resolve()
        }),
      ),
  }
}

/** Listens on TCP or TLS; each connection detects its framing and pauses while saturated. */
export async function listenStream(ctx: ListenerContext): Promise<Listener> {
  const { config, stats } = ctx
  const sockets = new Set<Socket>()
  const onConnection = (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
    handleConnection(ctx, socket)
  }
  let server: Server
  if (config.protocol === 'tls') {
    if (config.tls === undefined) throw new Error('protocol tls needs tls.certFile and tls.keyFile')
    const tls = config.tls
    const [cert, key, ca] = await Promise.all([
      readFile(tls.certFile),
      readFile(tls.keyFile),
      tls.caFile === undefined ? undefined : readFile(tls.caFile),
    ])
    server = createTlsServer(
      {
        cert,
        key,
        ...(tls.passphrase === undefined ? {} : { passphrase: tls.passphrase }),
        ...(ca === undefined ? {} : { ca }),
        requestCert: tls.requireClientCert,
        rejectUnauthorized: tls.requireClientCert,
      },
      onConnection,
    )
    server.on('tlsClientError', (err: Error, socket: Socket) => {
      stats.error('TLS_ERROR', err, { remote: socket.remoteAddress })
    })
  } else {
    server = createTcpServer(onConnection)
  }
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  server.on('error', (err) => {
    stats.error('SOCKET_ERROR', err)
  })
  return {
    address: server.address() as AddressInfo,
    close: () =>
      new Promise((resolve) => {
        server.close(() => {
          resolve()
        })
        for (const socket of sockets) socket.destroy()
      }),
  }
}

function handleConnection(ctx: ListenerContext, socket: Socket): void {
  const { config, batcher, stats } = ctx
  const framer = new SyslogFramer(config.maxMessageBytes)
  const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? 0}`
  const take = (framed: ReturnType<SyslogFramer['push']>, bytes: number) => {
    stats.received(framed.messages.length, bytes)
    for (const message of framed.messages) batcher.add(message)
    for (const size of framed.oversize) {
      stats.error('MESSAGE_TOO_LARGE', `a message of ${size}+ bytes is over the limit`, { remote })
    }
  }
  socket.on('data', (chunk: Buffer) => {
    try {
      take(framer.push(chunk), chunk.length)
    } catch (err) {
      // A broken frame cannot be resynchronised: drop this connection, keep the others.
      stats.error('FRAMING_ERROR', err, { remote })
      socket.destroy()
      return
    }
    if (batcher.saturated && !socket.isPaused()) {
      socket.pause()
      void batcher.drained().then(() => socket.resume())
    }
  })
  socket.on('end', () => {
    take(framer.end(), 0)
  })
  socket.on('error', (err) => {
    stats.error('CONNECTION_ERROR', err, { remote })
  })
}
