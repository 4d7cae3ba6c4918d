import { Bool, Count, Enum, Identifier, PositiveCount, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { facilityKinds, type FacilityKind } from '../metrics.js'
import { dayToIso, type Day } from '../time.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Facilities whose renewal the plan tracks (measures 八、十一、十二): village
 * clinics, sewage plants, scenic sites, performance venues, vocational
 * schools and the media centre. One stream per facility: registered once,
 * then upgraded. Scenic sites and venues are in scope only with a declared
 * need (有需求); a vocational school counts its old equipment items.
 */

export const FacilityKindCodec = Enum({ zh: '设施类别', en: 'a facility kind' }, facilityKinds)

const needsDeclared = (k: FacilityKind): boolean => k.startsWith('scenic-site-') || k === 'performance-venue'
const countsItems = (k: FacilityKind): boolean => k === 'vocational-school'

export const FacilityRegistered = defineEvent({
  type: 'FacilityRegistered',
  version: 1,
  title: { zh: '设施纳入更新台账', en: 'Facility registered' },
  data: (name: Wording) => Struct(
    name,
    { facilityId: Identifier, kind: FacilityKindCodec, name: Text(200), town: TownCodec },
    { renewalNeeded: Bool, itemsInScope: Count },
  ),
  stream: keyedBy('facility', (d) => [d.facilityId]),
})

export const FacilityUpgraded = defineEvent({
  type: 'FacilityUpgraded',
  version: 1,
  title: { zh: '设施设备更新升级', en: 'Facility upgraded' },
  data: (name: Wording) => Struct(name, { facilityId: Identifier }, { items: PositiveCount }),
  stream: keyedBy('facility', (d) => [d.facilityId]),
})

export const facilityEvents = [FacilityRegistered, FacilityUpgraded] as const

type Registration = typeof FacilityRegistered.data._A

export type FacilityFact = Fact<'FacilityRegistered', Registration> | Fact<'FacilityUpgraded', typeof FacilityUpgraded.data._A>

export interface FacilityState {
  readonly registration?: Registration
  readonly registeredOn?: Day
  /** the day a facility other than a vocational school was upgraded */
  readonly upgradedOn?: Day
  /** a vocational school's equipment items renewed so far */
  readonly itemsRenewed: number
}

const inScope = (r: Registration): boolean => !needsDeclared(r.kind) || r.renewalNeeded === true

const registrationProblem = (r: Registration): string | undefined => {
  if (countsItems(r.kind) && r.itemsInScope === undefined) return '职业院校须填写 itemsInScope（使用超过 10 年的设备数） / a vocational school must state itemsInScope (equipment in use for over 10 years)'
  if (!countsItems(r.kind) && r.itemsInScope !== undefined) return `itemsInScope 仅适用于职业院校，不适用于 ${r.kind} / itemsInScope applies to vocational schools only, not ${r.kind}`
  if (!needsDeclared(r.kind) && r.renewalNeeded !== undefined) return `renewalNeeded 仅适用于景区和演艺场馆，不适用于 ${r.kind} / renewalNeeded applies to scenic sites and performance venues only, not ${r.kind}`
  return undefined
}

const metric = (k: FacilityKind, what: 'in-scope' | 'upgraded'): string => `facilities.${k}.${what}`

export const facility = defineAggregate<FacilityState, FacilityFact>({
  name: 'facility',
  initial: { itemsRenewed: 0 },
  evolve: (s, f) => {
    switch (f.type) {
      case 'FacilityRegistered': {
        if (s.registeredOn !== undefined) return reject(`此设施已于 ${dayToIso(s.registeredOn)} 登记过 / the facility was already registered, on ${dayToIso(s.registeredOn)}`)
        const why = registrationProblem(f.data)
        if (why !== undefined) return reject(why)
        const quantity = countsItems(f.data.kind) ? (f.data.itemsInScope ?? 0) : 1
        const out: Contribution[] =
          inScope(f.data) && quantity > 0 ? [{ metric: metric(f.data.kind, 'in-scope'), quantity, day: f.day, town: f.data.town }] : []
        return accept({ ...s, registration: f.data, registeredOn: f.day }, out)
      }
      case 'FacilityUpgraded': {
        const r = s.registration
        if (r === undefined) return reject('此设施当时尚未登记，无法记录改造，请先登记 / cannot upgrade a facility that is not registered by then; register it first')
        const at = { day: f.day, town: r.town }
        if (countsItems(r.kind)) {
          const items = f.data.items
          if (items === undefined) return reject('职业院校的改造须填写 items（更新的设备数） / a vocational school upgrade must state items (equipment items renewed)')
          const total = s.itemsRenewed + items
          if (total > (r.itemsInScope ?? 0)) return reject(`更新设备数将达 ${total}，超过纳入范围的 ${r.itemsInScope ?? 0} / items renewed would reach ${total}, more than the ${r.itemsInScope ?? 0} in scope`)
          return accept({ ...s, itemsRenewed: total }, [{ metric: metric(r.kind, 'upgraded'), quantity: items, ...at }])
        }
        if (f.data.items !== undefined) return reject(`items 仅适用于职业院校，不适用于 ${r.kind} / items applies to vocational schools only, not ${r.kind}`)
        if (s.upgradedOn !== undefined) return reject(`此设施已于 ${dayToIso(s.upgradedOn)} 改造过 / the facility was already upgraded, on ${dayToIso(s.upgradedOn)}`)
        // an upgrade without a declared need is a fact, but not progress towards the plan's target
        const out: Contribution[] = inScope(r) ? [{ metric: metric(r.kind, 'upgraded'), quantity: 1, ...at }] : []
        return accept({ ...s, upgradedOn: f.day }, out)
      }
    }
  },
})
