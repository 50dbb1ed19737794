import type { Command } from 'commander'
import type { Pack, PackChange } from '../../contract/index.js'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

type Packs = Awaited<ReturnType<CliRuntime['openPacks']>>

/** `caracal packs`: install, update, enable and remove packs of detections (folder, zip, git). */
export function registerPacks(program: Command, runtime: CliRuntime, output: CliOutput): void {
  /** Runs `action` with the pack service open, closing the store after. */
  const withPacks =
    <A extends unknown[]>(action: (packs: Packs, ...args: A) => Promise<void>) =>
    async (...args: A) => {
      const command = args.at(-1) as Command
      const packs = await runtime.openPacks(command.optsWithGlobals<GlobalOptions>())
      try {
        await action(packs, ...args)
      } finally {
        await packs.close()
      }
    }
  /** Prints a change (as JSON, or its summary unless `quiet`), then its warnings on stderr. */
  const printChange = (change: PackChange, json: boolean, quiet = false) => {
    if (json) {
      output.out(`${JSON.stringify(change, null, 2)}\n`)
    } else if (!quiet) {
      output.out(summary(change.pack))
      if (!change.changed) output.out('  (unchanged)\n')
    }
    for (const w of change.warnings) output.err(`warning: ${w.message}\n`)
    for (const e of change.loadErrors) output.err(`${e.file}: ${e.message}\n`)
  }

  const packs = program
    .command('packs')
    .description('Install and manage packs of detections (folders, zips, git repositories)')
  packs
    .command('add')
    .description('Install a pack (disabled until enabled) from a folder, a .zip or a git URL')
    .argument('<source>', 'folder, .zip file, or git URL (https://, ssh://, file://, git@…)')
    .option('--name <name>', 'pack name (default: the folder, zip or repository name)')
    .option('--json', 'print JSON', false)
    .action(
      withPacks(async (service, source: string, flags: { name?: string; json: boolean }) => {
        const change = await service.add(source, { name: flags.name })
        printChange(change, flags.json)
        if (!flags.json) {
          output.err(
            `Installed ${change.pack.name}; enable it with: caracal packs enable ${change.pack.name}\n`,
          )
        }
      }),
    )
  packs
    .command('list')
    .description('List installed packs with their version and detections')
    .option('--json', 'print JSON', false)
    .action(
      withPacks(async (service, flags: { json: boolean }) => {
        const list = await service.list()
        if (flags.json) output.out(`${JSON.stringify({ packs: list }, null, 2)}\n`)
        else for (const pack of list) output.out(summary(pack))
      }),
    )
  packs
    .command('update')
    .description('Fetch a pack (default: every pack) from its source again, as a new version')
    .argument('[name]', 'pack to update')
    .option('--json', 'print JSON', false)
    .action(
      withPacks(async (service, name: string | undefined, flags: { json: boolean }) => {
        const changes = await service.update(name)
        if (flags.json) output.out(`${JSON.stringify({ changes }, null, 2)}\n`)
        for (const change of changes) printChange(change, false, flags.json)
      }),
    )
  for (const verb of ['enable', 'disable'] as const) {
    packs
      .command(verb)
      .description(
        verb === 'enable'
          ? 'Enable a pack, or one of its detections; warns about log types no source ingests'
          : 'Disable a pack, or one of its detections',
      )
      .argument('<name>', 'pack name')
      .option('--detection <id>', `${verb} only this detection of the pack`)
      .option('--json', 'print JSON', false)
      .action(
        withPacks(async (service, name: string, flags: { detection?: string; json: boolean }) => {
          printChange(await service[verb](name, flags.detection), flags.json)
          output.err('Detections load at start: restart caracal serve to apply.\n')
        }),
      )
  }
  packs
    .command('remove')
    .description('Uninstall a pack and delete its content')
    .argument('<name>', 'pack name')
    .action(
      withPacks(async (service, name: string) => {
        await service.remove(name)
        output.err(`Removed ${name}.\n`)
      }),
    )
}

/** One pack in a few lines: state, version, and its detections with their state. */
function summary(pack: Pack): string {
  const state = pack.enabled ? 'enabled' : 'disabled'
  const commit =
    pack.version.gitCommit === null ? '' : ` commit ${pack.version.gitCommit.slice(0, 12)}`
  const enabled = pack.detections.filter((d) => d.enabled).length
  const lines = [
    `${pack.name}  ${state}  ${pack.kind}  v${String(pack.version.version)}  ` +
      `sha256:${pack.version.contentHash.slice(0, 12)}${commit}  ` +
      `${String(pack.detections.length)} detections (${String(enabled)} enabled)` +
      (pack.parent === null ? '' : `  in ${pack.parent}`),
    `  source: ${pack.source}`,
  ]
  if (pack.definitions.length > 0) lines.push(`  panther packs: ${pack.definitions.join(', ')}`)
  for (const d of pack.detections) {
    lines.push(`  ${d.enabled ? '+' : '-'} ${d.id}  [${d.logTypes.join(', ')}]`)
  }
  return `${lines.join('\n')}\n`
}
