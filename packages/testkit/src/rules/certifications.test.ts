import { certification, type DataOf } from '@policy-ledger/core'
import { describe, it } from 'vitest'
import { fact, given, rejects } from '../given.js'

/* A subject holds one certification of a kind, counted once at its highest level, until it is revoked. */

const awarded = (level: DataOf<'CertificationAwarded'>['level'], day = '2025-01-01') =>
  fact('CertificationAwarded', { kind: 'green-factory', subjectId: 'E-7', subject: '嘉祥县示范机械有限公司', level, town: 'zhongshan' }, { day, recordedBy: 'industry-it' })
const revoked = (day: string) => fact('CertificationRevoked', { kind: 'green-factory', subjectId: 'E-7', reason: '复核不合格' }, { day, recordedBy: 'industry-it' })

describe('certification rules (given/when/then on the fold)', () => {
  it('counts a subject once, at its level, and moves it up on a higher award', () => {
    given(certification).when(awarded('county')).then([{ metric: 'certifications.green-factory.county', quantity: 1, day: '2025-01-01', town: 'zhongshan' }])
    given(certification, awarded('county'))
      .when(awarded('municipal', '2025-06-01'))
      .then([
        { metric: 'certifications.green-factory.county', quantity: -1, day: '2025-06-01', town: 'zhongshan' },
        { metric: 'certifications.green-factory.municipal', quantity: 1, day: '2025-06-01', town: 'zhongshan' },
      ])
  })

  it('rejects an award at the level held or below it', () => {
    given(certification, awarded('municipal')).when(awarded('municipal', '2025-06-01')).then(rejects('already holds municipal level'))
    given(certification, awarded('provincial')).when(awarded('county', '2025-06-01')).then(rejects('already holds provincial level, which is not below county'))
  })

  it('revokes only a certification in force, and counts the next award once more at its own level', () => {
    given(certification, awarded('provincial')).when(revoked('2026-01-01')).then([{ metric: 'certifications.green-factory.provincial', quantity: -1, day: '2026-01-01', town: 'zhongshan' }])
    given(certification).when(revoked('2026-01-01')).then(rejects('holds no certification'))
    given(certification, awarded('provincial'), revoked('2026-01-01'))
      .when(awarded('county', '2026-06-01'))
      .then([{ metric: 'certifications.green-factory.county', quantity: 1, day: '2026-06-01', town: 'zhongshan' }])
  })
})
