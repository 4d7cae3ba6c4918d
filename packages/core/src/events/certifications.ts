import { Enum, Identifier, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { certificationKinds, certificationLevels, type CertificationKind, type CertificationLevel } from '../metrics.js'
import { replacing } from './common.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Certifications (measures 二、三、五、六): green factories, smart factories,
 * digital workshops, smart-manufacturing scenarios, smart-agriculture bases
 * and pilot bases. One stream per kind and subject; a subject counts once,
 * at its highest level in force.
 */

export const CertificationKindCodec = Enum({ zh: '认证类别', en: 'a certification kind' }, certificationKinds)
export const CertificationLevelCodec = Enum({ zh: '认证级别（county 县级 … national 国家级）', en: 'a certification level (县级 county … 国家级 national)' }, certificationLevels)

export const CertificationAwarded = defineEvent({
  type: 'CertificationAwarded',
  version: 1,
  title: { zh: '认定授牌', en: 'Certification awarded' },
  data: (name: Wording) => Struct(
    name,
    { kind: CertificationKindCodec, subjectId: Identifier, subject: Text(200), level: CertificationLevelCodec, town: TownCodec },
    { certificate: Text(100) },
  ),
  stream: keyedBy('certification', (d) => [d.kind, d.subjectId]),
})

export const CertificationRevoked = defineEvent({
  type: 'CertificationRevoked',
  version: 1,
  title: { zh: '认定撤销', en: 'Certification revoked' },
  data: (name: Wording) => Struct(name, { kind: CertificationKindCodec, subjectId: Identifier, reason: Text(500) }),
  stream: keyedBy('certification', (d) => [d.kind, d.subjectId]),
})

export const certificationEvents = [CertificationAwarded, CertificationRevoked] as const

export type CertificationFact =
  | Fact<'CertificationAwarded', typeof CertificationAwarded.data._A>
  | Fact<'CertificationRevoked', typeof CertificationRevoked.data._A>

export interface CertificationState {
  readonly held?: { readonly kind: CertificationKind; readonly level: CertificationLevel; readonly town: string }
}

const counted = (h: CertificationState['held'], day: number): Contribution[] =>
  h === undefined ? [] : [{ metric: `certifications.${h.kind}.${h.level}`, quantity: 1, day, town: h.town }]

const rank = (l: CertificationLevel): number => certificationLevels.indexOf(l)

export const certification = defineAggregate<CertificationState, CertificationFact>({
  name: 'certification',
  initial: {},
  evolve: (s, f) => {
    switch (f.type) {
      case 'CertificationAwarded': {
        if (s.held !== undefined && rank(s.held.level) >= rank(f.data.level))
          return reject(`已持有 ${s.held.level} 级认证，不低于 ${f.data.level} / the subject already holds ${s.held.level} level, which is not below ${f.data.level}`)
        const held = { kind: f.data.kind, level: f.data.level, town: f.data.town }
        return accept({ held }, replacing(counted(s.held, f.day), counted(held, f.day)))
      }
      case 'CertificationRevoked':
        if (s.held === undefined) return reject('无法撤销：当时未持有此类认证 / cannot revoke: the subject holds no certification of this kind at that time')
        return accept({}, counted(s.held, f.day).map((c) => ({ ...c, quantity: -1 })))
    }
  },
})
