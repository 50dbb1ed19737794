import { Command } from 'commander'
import { registerAlerts } from './commands/alerts.js'
import { registerDetections } from './commands/detections.js'
import { registerIngest } from './commands/ingest.js'
import { registerLogTypes } from './commands/logtypes.js'
import { registerPacks } from './commands/packs.js'
import { registerParse } from './commands/parse.js'
import { registerQuery } from './commands/query.js'
import { registerReplay } from './commands/replay.js'
import { registerScheduled } from './commands/scheduled.js'
import { registerSchemas } from './commands/schemas.js'
import { registerSearch } from './commands/search.js'
import { registerServe } from './commands/serve.js'
import { registerTest } from './commands/test.js'
import { registerTokens } from './commands/tokens.js'
import type { CliOutput, CliRuntime } from './runtime.js'

/** The `caracal` command line. Each command is one file in `commands/`. */
export function createProgram(runtime: CliRuntime, output: CliOutput): Command {
  const program = new Command('caracal')
    .description('Caracal: self-hosted, detection-as-code security monitoring')
    .version(runtime.version)
    .option('-c, --config <file>', 'configuration file (caracal.yml)')
    .option('-d, --data <dir>', 'data directory (default ./caracal-data)')
    .showHelpAfterError()
  registerServe(program, runtime, output)
  registerIngest(program, runtime, output)
  registerAlerts(program, runtime, output)
  registerDetections(program, runtime, output)
  registerQuery(program, runtime, output)
  registerSearch(program, runtime, output)
  registerReplay(program, runtime, output)
  registerScheduled(program, runtime, output)
  registerTokens(program, runtime, output)
  registerTest(program, runtime, output)
  registerPacks(program, runtime, output)
  registerLogTypes(program, runtime, output)
  registerParse(program, runtime, output)
  registerSchemas(program, runtime, output)
  return program
}
