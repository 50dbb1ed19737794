import cliProgress from 'cli-progress'

/** What an ingest run has done so far; the runner updates it, the progress display reads it. */
export interface IngestCounters {
  /** Inputs to read (files and standard input) and those finished. */
  inputs: number
  inputsDone: number
  /** Bytes read as stored (before decompression); `totalBytes` undefined when stdin is read. */
  bytes: number
  totalBytes: number | undefined
  records: number
  events: number
  failed: number
  /** Inputs that could not be read at all. */
  unreadable: number
}

/** How progress is shown: a bar on a terminal, summary lines otherwise, or nothing. */
export type ProgressMode = 'auto' | 'bar' | 'lines' | 'none'

/** A running progress display. */
export interface ProgressDisplay {
  /** The mode `auto` resolved to. */
  mode: Exclude<ProgressMode, 'auto'>
  /** Redraws the bar (lines are printed on their own timer). */
  update(): void
  /** Stops the display; `lines` prints its last summary. */
  stop(): void
}

/**
 * Shows an ingest run's progress on stderr (stdout keeps the final report, for scripts): on a
 * terminal a bar with bytes, events per second and the ETA; elsewhere (a log file, CI) one plain
 * line every `intervalMs` and one at the end, so the output stays readable when captured.
 */
export function startProgress(
  counters: IngestCounters,
  options: {
    mode: ProgressMode
    intervalMs: number
    /** The terminal the bar draws on (and whose isTTY `auto` asks). */
    stream: NodeJS.WritableStream & { isTTY?: boolean }
    /** Where summary lines go. */
    write: (text: string) => void
    now?: () => number
  },
): ProgressDisplay {
  const now = options.now ?? (() => Date.now())
  const started = now()
  const mode =
    options.mode === 'auto' ? (options.stream.isTTY === true ? 'bar' : 'lines') : options.mode
  if (mode === 'none') return { mode, update: () => undefined, stop: () => undefined }
  if (mode === 'lines') {
    const print = (final: boolean) => {
      options.write(`${summaryLine(counters, (now() - started) / 1000, final)}\n`)
    }
    const timer = setInterval(() => {
      print(false)
    }, options.intervalMs)
    timer.unref()
    return {
      mode,
      update: () => undefined,
      stop: () => {
        clearInterval(timer)
        print(true)
      },
    }
  }
  const known = counters.totalBytes !== undefined
  const bar = new cliProgress.SingleBar(
    {
      stream: options.stream,
      format: known
        ? '{bar} {percentage}% | {read} of {size} | {files} | {events} events, {eps}/s | {rate} | ETA {eta_formatted}'
        : '{read} | {files} | {events} events, {eps}/s | {rate}',
      hideCursor: true,
      etaBuffer: 50,
      fps: 5,
    },
    cliProgress.Presets.shades_classic,
  )
  const payload = () => {
    const seconds = Math.max((now() - started) / 1000, 0.001)
    return {
      read: formatBytes(counters.bytes),
      size: formatBytes(counters.totalBytes ?? 0),
      files: `${counters.inputsDone}/${counters.inputs} inputs`,
      events: counters.events.toLocaleString('en-US'),
      eps: Math.round(counters.events / seconds).toLocaleString('en-US'),
      rate: `${formatBytes(counters.bytes / seconds)}/s`,
    }
  }
  // A bar needs a total; without one (stdin) the bytes just count up.
  bar.start(Math.max(counters.totalBytes ?? 1, 1), 0, payload())
  return {
    mode,
    update: () => {
      bar.update(known ? counters.bytes : 0, payload())
    },
    stop: () => {
      bar.update(known ? counters.bytes : 0, payload())
      bar.stop()
    },
  }
}

/** One plain progress line: inputs, bytes, events, failures and the rate since the start. */
export function summaryLine(counters: IngestCounters, seconds: number, final: boolean): string {
  const elapsed = Math.max(seconds, 0.001)
  const size = counters.totalBytes === undefined ? '' : ` of ${formatBytes(counters.totalBytes)}`
  return (
    `ingest${final ? ' done' : ''}: ${counters.inputsDone}/${counters.inputs} inputs, ` +
    `${formatBytes(counters.bytes)}${size} read, ${counters.events} events, ` +
    `${counters.failed} failed, ${counters.unreadable} unreadable, ` +
    `${Math.round(counters.events / elapsed)} events/s, ${formatBytes(counters.bytes / elapsed)}/s, ` +
    `${elapsed.toFixed(1)} s`
  )
}

/** Bytes in binary units, one decimal: 1.5 MiB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return unit === 0 ? `${Math.round(value)} B` : `${value.toFixed(1)} ${units[unit] ?? ''}`
}
