import { readdirSync } from 'node:fs'
import { formatLine, type Benchmark } from './harness.js'

const names = readdirSync(new URL('.', import.meta.url))
  .filter((f) => f.endsWith('.ts') && !['run.ts', 'harness.ts'].includes(f))
  .map((f) => f.slice(0, -3))
  .sort()

// Arguments starting with `--` are options of the benchmarks themselves (`--events=1000000`).
const wanted = process.argv
  .slice(2)
  .filter((a, i, all) => !a.startsWith('--') && !all[i - 1]?.match(/^--[a-z-]+$/))
if (wanted.length === 0) {
  console.error(`usage: npm run bench -- <name>...   (benchmarks: ${names.join(', ')}, or all)`)
  process.exit(2)
}
const selected = wanted.includes('all') ? names : wanted
for (const name of selected) {
  if (!names.includes(name)) {
    console.error(`unknown benchmark ${name} (benchmarks: ${names.join(', ')})`)
    process.exit(2)
  }
  const mod = (await import(`./${name}.ts`)) as Benchmark
  for (const line of await mod.run()) console.log(formatLine(line))
}
