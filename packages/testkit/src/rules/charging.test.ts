import { chargingPile} from '@policy-ledger/core'
import { describe, it } from 'vitest'
import { fact, given, rejects } from '../given.js'

/* A charging pile is in service from its commissioning to its decommissioning, counted where it was commissioned. */

const commissioned = (day: string, isPublic = true, town: string = 'jintun') =>
  fact('ChargingPileCommissioned', { pileId: 'CP-1', stationId: 'ST-1', operator: '国网嘉祥供电公司', public: isPublic, fast: true, powerKw: '120', town }, { day, recordedBy: 'energy' })
const decommissioned = (day: string) => fact('ChargingPileDecommissioned', { pileId: 'CP-1', reason: '设备损坏' }, { day, recordedBy: 'energy' })

describe('charging pile rules (given/when/then on the fold)', () => {
  it('counts a public or a private pile in service in its town', () => {
    given(chargingPile).when(commissioned('2025-01-10')).then([{ metric: 'charging.public-piles.in-service', quantity: 1, day: '2025-01-10', town: 'jintun' }])
    given(chargingPile).when(commissioned('2025-01-10', false, 'tuanli')).then([{ metric: 'charging.private-piles.in-service', quantity: 1, day: '2025-01-10', town: 'tuanli' }])
  })

  it('takes a decommissioned pile out where it was, and counts it again where it is commissioned next', () => {
    given(chargingPile, commissioned('2025-01-10')).when(decommissioned('2026-02-01')).then([{ metric: 'charging.public-piles.in-service', quantity: -1, day: '2026-02-01', town: 'jintun' }])
    given(chargingPile, commissioned('2025-01-10'), decommissioned('2026-02-01'))
      .when(commissioned('2026-03-01', true, 'tuanli'))
      .then([{ metric: 'charging.public-piles.in-service', quantity: 1, day: '2026-03-01', town: 'tuanli' }])
  })

  it('rejects commissioning a pile in service, and decommissioning one that is not, even a second time', () => {
    given(chargingPile, commissioned('2025-01-10')).when(commissioned('2025-02-10')).then(rejects('the pile is in service since 2025-01-10; decommission it first'))
    given(chargingPile).when(decommissioned('2025-01-10')).then(rejects('not in service'))
    given(chargingPile, commissioned('2025-01-10'), decommissioned('2026-02-01')).when(decommissioned('2026-02-03')).then(rejects('not in service'))
  })
})
