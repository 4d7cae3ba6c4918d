import type { RecordInput } from '@policy-ledger/core'
import { input, vinFrom } from '@policy-ledger/testkit'
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

/** Registrations of fresh vehicles, the same for the same (run, from, count) in every process. */
export const registrations = (run: number, from: number, count: number): RecordInput[] =>
  Array.from({ length: count }, (_, i) =>
    input(
      'VehicleRegistered',
      { vin: vinFrom(run * 1_000_000 + from + i), category: 'passenger-car', fuelType: i % 3 === 0 ? 'bev' : 'petrol', emissionStandard: i % 3 === 0 ? 'none' : 'china-6b', use: 'non-commercial', town: 'zhifang' },
      { seed: `crash-${run}-${from + i}` },
    ),
  )

export const traded = (vin: string, k: number): RecordInput =>
  input('UsedCarTraded', { vin, market: { name: '嘉祥县二手车交易市场' }, price: 5_000_000 + k, town: 'jiaxiang' }, { seed: `trade-${vin}-${k}`, recordedBy: 'commerce' })

/** A real node process running one of this package's child scripts from source, its stdout read line by line. */
export const child = (script: string, args: ReadonlyArray<string>): { readonly process: ChildProcess; readonly lines: string[]; readonly exited: Promise<number | null> } => {
  const path = fileURLToPath(new URL(script, import.meta.url))
  const proc = spawn(process.execPath, ['--import', 'tsx', '--conditions=@policy-ledger/source', path, ...args], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines: string[] = []
  // only whole lines count: one cut short by a kill is not an acknowledgement
  createInterface({ input: proc.stdout as NonNullable<typeof proc.stdout> }).on('line', (line) => lines.push(line))
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)))
  return { process: proc, lines, exited }
}
