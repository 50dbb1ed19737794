import { watch, type FSWatcher } from 'node:fs'

/** A sleep that ends early when poked (a change notification) or when the source stops. */
export class Wakeup {
  private poked = false
  private wake: (() => void) | undefined

  /** Ends the current or the next wait now. */
  poke(): void {
    this.poked = true
    this.wake?.()
  }

  /** Waits up to `ms`; returns at once if poked since the last wait. */
  async wait(ms: number, signal: AbortSignal): Promise<void> {
    if (!this.poked && !signal.aborted) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer)
          signal.removeEventListener('abort', done)
          this.wake = undefined
          resolve()
        }
        const timer = setTimeout(done, ms)
        signal.addEventListener('abort', done, { once: true })
        this.wake = done
      })
    }
    this.poked = false
  }
}

/**
 * Watches directories for changes to wake the scanner early. Notifications are only a hint:
 * fs.watch misses events on some file systems (NFS, some containers), so polling still runs.
 */
export class DirWatchers {
  private readonly watchers = new Map<string, FSWatcher>()

  constructor(private readonly onChange: () => void) {}

  /** Watches exactly these directories (adds new ones, closes the rest). */
  update(dirs: Iterable<string>): void {
    const wanted = new Set(dirs)
    for (const [dir, watcher] of this.watchers) {
      if (!wanted.has(dir)) {
        watcher.close()
        this.watchers.delete(dir)
      }
    }
    for (const dir of wanted) {
      if (this.watchers.has(dir)) continue
      try {
        const watcher = watch(dir, { persistent: false }, () => {
          this.onChange()
        })
        // A watched directory that disappears: drop the watcher, polling covers it.
        watcher.on('error', () => {
          watcher.close()
          this.watchers.delete(dir)
        })
        this.watchers.set(dir, watcher)
      } catch {
        // The directory does not exist (yet): polling finds the files once it does.
      }
    }
  }

  close(): void {
    for (const watcher of this.watchers.values()) watcher.close()
    this.watchers.clear()
  }
}
