import type { Command } from 'commander'
import type { CliOutput, CliRuntime, GlobalOptions } from '../runtime.js'

const roles = ['admin', 'analyst', 'ingest']

/** `caracal tokens`: API tokens for people and senders; each shows once, stored as a hash. */
export function registerTokens(program: Command, runtime: CliRuntime, output: CliOutput): void {
  const tokens = program.command('tokens').description('Create and list API tokens')
  tokens
    .command('create')
    .description('Create a token; it is printed once and stored only as a hash')
    .argument('<name>', 'who uses it (shown in alert timelines), e.g. alice or vector-prod')
    .option('--role <role>', `one of ${roles.join(', ')}`, 'analyst')
    .action(async (name: string, flags: { role: string }, command: Command) => {
      if (!roles.includes(flags.role)) {
        throw new Error(`--role must be one of ${roles.join(', ')}, got ${flags.role}`)
      }
      const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
      try {
        const token = await services.tokens.create(name, flags.role)
        output.out(`${token}\n`)
        output.err(`Token for ${name} (${flags.role}) created. It is shown only this once.\n`)
      } finally {
        await services.close()
      }
    })
  tokens
    .command('list')
    .description('List tokens (names and roles; never the tokens)')
    .action(async (_flags: unknown, command: Command) => {
      const services = await runtime.open(command.optsWithGlobals<GlobalOptions>())
      try {
        for (const t of await services.tokens.list()) {
          output.out(
            `${t.createdAt.slice(0, 19).replace('T', ' ')}  ${t.role.padEnd(8)}  ${t.name}\n`,
          )
        }
      } finally {
        await services.close()
      }
    })
}
