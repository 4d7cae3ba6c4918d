import * as E from 'fp-ts/lib/Either.js'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jiaxiang2024, type Report, type Tally } from '@policy-ledger/core'
import { breakdownOf } from './breakdowns.js'
import { openSdgFileName, toOpenSdg, writeOpenSdg } from './open-sdg.js'
import { sampleReports } from './testing/fixture.js'

let history: ReadonlyArray<Report>
let tally: Tally
let dir: string
beforeAll(async () => {
  ;({ history, tally } = await sampleReports())
  dir = await mkdtemp(join(tmpdir(), 'policy-ledger-open-sdg-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('Open SDG CSV', () => {
  it('gives one CSV per indicator: Year, Units, Value, only the years with a value', () => {
    const files = toOpenSdg(history)
    expect([...files.keys()]).toEqual(jiaxiang2024.indicators.map((i) => i.id))
    expect(files.get('vehicles.nev-fleet')).toBe('Year,Units,Value\r\n2023,辆,120\r\n2024,辆,200\r\n2025,辆,260\r\n')
    expect(files.get('charging.township-coverage')?.split('\r\n')[0]).toBe('Year,Units,Value')
    expect(files.get('industry.key-process-cnc-rate')).toBe('Year,Units,Value\r\n')
  })

  it('puts the 镇街 disaggregation before Value, headline rows left empty', () => {
    const csv = toOpenSdg(history, { byTown: breakdownOf(tally, 'town')(history) }).get('vehicles.nev-fleet') ?? ''
    const lines = csv.split('\r\n')
    expect(lines[0]).toBe('Year,Units,镇街,Value')
    expect(lines).toContain('2025,辆,,260')
    expect(lines).toContain('2025,辆,纸坊镇,65')
    expect(lines).toContain('2023,辆,黄垓乡,30')
  })

  it('writes the files where the caller says, and says why when it cannot', async () => {
    const files = toOpenSdg(history)
    const written = await writeOpenSdg(join(dir, 'data'))(files)()
    expect(E.isRight(written) && written.right).toHaveLength(39)
    expect(await readFile(join(dir, 'data', openSdgFileName('vehicles.nev-fleet')), 'utf8')).toBe(files.get('vehicles.nev-fleet'))
    expect(openSdgFileName('vehicles.nev-fleet')).toBe('indicator_vehicles-nev-fleet.csv')
    await writeFile(join(dir, 'a-file'), 'x')
    const refused = await writeOpenSdg(join(dir, 'a-file'))(files)()
    expect(E.isLeft(refused) && refused.left.code).toBe('STORAGE_FAILED')
    expect(E.isLeft(refused) && refused.left.message).toContain('a-file')
  })
})
