import { calendar, chargingPile } from '@policy-ledger/core'
import { describe, expect, it } from 'vitest'
import { fact, given, rejects } from './given.js'

/* The helper's own failures: each says what was expected and what the fold gave. */

const commissioned = (day: string) =>
  fact('ChargingPileCommissioned', { pileId: 'CP-9', stationId: 'ST-9', operator: '国网嘉祥供电公司', public: true, fast: false, powerKw: '7', town: 'maji' }, { day, recordedBy: 'energy' })
const decommissioned = (day: string) => fact('ChargingPileDecommissioned', { pileId: 'CP-9', reason: '拆除' }, { day, recordedBy: 'energy' })
const inService = { metric: 'charging.public-piles.in-service', quantity: 1, day: '2025-03-01', town: 'maji' } as const

describe('given/when/then', () => {
  it('builds a fact occurred on its Shanghai day, recorded by the unit named', () => {
    const f = commissioned('2025-03-01')
    expect(calendar.dayToIso(f.day)).toBe('2025-03-01')
    expect(f.occurredAt).toBe('2025-03-01T10:00:00+08:00')
    expect(f.recordedBy).toBe('energy')
    expect(fact('VehicleDeregistered', { vin: 'LSVAM4187C2184847', reason: 'other' }, { day: '2025-03-01' }).recordedBy).toBe('public-security')
  })

  it('passes when the fold gives exactly the contributions expected', () => {
    expect(() => given(chargingPile).when(commissioned('2025-03-01')).then([inService])).not.toThrow()
  })

  it('fails on other contributions, more or fewer of them, saying what it expected and what the fold gave', () => {
    const wrong = { ...inService, quantity: 2 }
    expect(() => given(chargingPile).when(commissioned('2025-03-01')).then([wrong])).toThrow(
      `ChargingPileCommissioned (2025-03-01) contributes other than expected: expected ${JSON.stringify([wrong])}, the fold gave ${JSON.stringify([inService])}`,
    )
    expect(() => given(chargingPile).when(commissioned('2025-03-01')).then([])).toThrow('记入与期望不符')
    expect(() => given(chargingPile).when(commissioned('2025-03-01')).then([inService, inService])).toThrow('contributes other than expected')
  })

  it('fails when a rejection was expected and the fold accepted, or rejected for another reason', () => {
    expect(() => given(chargingPile).when(commissioned('2025-03-01')).then(rejects('in service'))).toThrow(
      `the charging-pile fold accepted it, contributing ${JSON.stringify([inService])}`,
    )
    expect(() => given(chargingPile).when(decommissioned('2025-03-01')).then(rejects(/already/))).toThrow(
      'expected ChargingPileDecommissioned (2025-03-01) to be rejected for "/already/"; the fold rejected it for "当时此充电桩未在用，无法停用，请先记录投运 / cannot decommission a pile that is not in service',
    )
  })

  it('fails when contributions were expected and the fold rejected, giving its reason', () => {
    expect(() => given(chargingPile).when(decommissioned('2025-03-01')).then([])).toThrow(
      'the charging-pile fold rejected it: 当时此充电桩未在用，无法停用，请先记录投运 / cannot decommission a pile that is not in service at that time',
    )
  })

  it('fails on a given fact that is itself rejected, naming which', () => {
    expect(() => given(chargingPile, commissioned('2025-03-01'), commissioned('2025-04-01')).when(decommissioned('2025-05-01')).then([])).toThrow(
      'given fact 2, ChargingPileCommissioned (2025-04-01), is itself rejected: 此充电桩自 2025-03-01 起在用，请先记录停用 / the pile is in service since 2025-03-01',
    )
  })

  it('fails on facts not in the order they occurred', () => {
    expect(() => given(chargingPile, commissioned('2025-03-01')).when(decommissioned('2025-02-01')).then(rejects('not in service'))).toThrow(
      'facts go in the order they occurred: ChargingPileDecommissioned (2025-02-01) comes before ChargingPileCommissioned (2025-03-01)',
    )
  })

  it('fails, rather than passing unchecked, when the chain is awaited as a promise', async () => {
    const awaited = async () => {
      await (given(chargingPile).when(commissioned('2025-03-01')) as unknown as Promise<void>)
    }
    await expect(awaited()).rejects.toThrow('given(…).when(…) is no promise')
  })
})
