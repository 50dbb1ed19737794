/**
 * The detections a worker pool loads, and which workers still hold an outdated list. `enabled`
 * is the very array the workers' init message carries, so a worker started after a change loads
 * the new list; workers started before are marked stale, to be replaced when idle.
 */
export class Roster<Spec extends { id: string }, Worker> {
  private readonly all: readonly Spec[]
  private readonly stale = new Set<Worker>()

  constructor(readonly enabled: Spec[]) {
    this.all = [...enabled]
  }

  /** Turns a detection off or back on; false when that changes nothing (or it is unknown). */
  set(id: string, on: boolean, workers: Iterable<Worker>): boolean {
    const at = this.enabled.findIndex((d) => d.id === id)
    if (on === at >= 0 || (on && !this.all.some((d) => d.id === id))) return false
    // Rebuilt in load order, so the workers' detection order never depends on history.
    const keep = this.all.filter((d) => (d.id === id ? on : this.enabled.includes(d)))
    this.enabled.splice(0, this.enabled.length, ...keep)
    for (const worker of workers) this.stale.add(worker)
    return true
  }

  /** True (once) when `worker` must be replaced before its next job. */
  takeStale(worker: Worker): boolean {
    return this.stale.delete(worker)
  }
}
