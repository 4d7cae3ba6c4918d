import { Bool, Decimal, Enum, Identifier, scaled, Struct, Text, TownCodec, Year, type Wording } from '../codecs.js'
import { dayToIso, yearOfDay, type Day } from '../time.js'
import { accept, defineAggregate, defineEvent, reject, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Ships (measure 九): early scrapping is supported for passenger ships aged
 * 10 to 25 years and cargo ships aged 15 to 30, both ends included (以上、以下
 * 含本数); shore-power retrofits for inland ships of 600 gross tonnes or
 * more. One stream per ship.
 */

export const shipKinds = ['passenger', 'cargo'] as const
export type ShipKind = (typeof shipKinds)[number]

/** The ages, in years, at which the plan supports early scrapping. */
export const earlyScrappingAges: Readonly<Record<ShipKind, { readonly from: number; readonly to: number }>> = {
  passenger: { from: 10, to: 25 },
  cargo: { from: 15, to: 30 },
}

/** 600总吨以上, in gross tonnes scaled ×10^4. */
const SHORE_POWER_MIN_TONNAGE = scaled('600')

export const ShipScrappedEarly = defineEvent({
  type: 'ShipScrappedEarly',
  version: 1,
  title: { zh: '船舶提前报废更新', en: 'Ship scrapped early' },
  data: (name: Wording) => Struct(name, {
    shipId: Identifier,
    name: Text(100),
    kind: Enum({ zh: '船舶类别', en: 'a ship kind' }, shipKinds),
    builtYear: Year,
    grossTonnage: Decimal,
    town: TownCodec,
  }),
  stream: keyedBy('ship', (d) => [d.shipId]),
})

export const ShipShorePowerRetrofitted = defineEvent({
  type: 'ShipShorePowerRetrofitted',
  version: 1,
  title: { zh: '船舶岸电受电设施改造', en: 'Ship retrofitted to take shore power' },
  data: (name: Wording) => Struct(name, { shipId: Identifier, grossTonnage: Decimal, inland: Bool }),
  stream: keyedBy('ship', (d) => [d.shipId]),
})

export const shipEvents = [ShipScrappedEarly, ShipShorePowerRetrofitted] as const

export type ShipFact =
  | Fact<'ShipScrappedEarly', typeof ShipScrappedEarly.data._A>
  | Fact<'ShipShorePowerRetrofitted', typeof ShipShorePowerRetrofitted.data._A>

export interface ShipState {
  readonly scrappedOn?: Day
  readonly retrofittedOn?: Day
}

export const ship = defineAggregate<ShipState, ShipFact>({
  name: 'ship',
  initial: {},
  evolve: (s, f) => {
    if (s.scrappedOn !== undefined) return reject(`此船已于 ${dayToIso(s.scrappedOn)} 拆解 / the ship was scrapped on ${dayToIso(s.scrappedOn)}`)
    switch (f.type) {
      case 'ShipScrappedEarly': {
        const age = yearOfDay(f.day) - f.data.builtYear
        const band = earlyScrappingAges[f.data.kind]
        if (age < band.from || age > band.to)
          return reject(`船龄 ${age} 年的 ${f.data.kind} 船不在方案提前报废的 ${band.from}–${band.to} 年之内 / a ${f.data.kind} ship aged ${age} years is outside the plan's ${band.from}–${band.to} years for early scrapping`)
        return accept({ ...s, scrappedOn: f.day }, [{ metric: `ships.scrapped-early.${f.data.kind}`, quantity: 1, day: f.day, town: f.data.town }])
      }
      case 'ShipShorePowerRetrofitted':
        if (!f.data.inland) return reject('岸电改造仅支持内河船舶 / shore-power retrofits are supported for inland ships only')
        if (scaled(f.data.grossTonnage) < SHORE_POWER_MIN_TONNAGE)
          return reject(`${f.data.grossTonnage} 总吨的船低于方案规定的 600 总吨 / a ship of ${f.data.grossTonnage} gross tonnes is below the plan's 600 gross tonnes`)
        if (s.retrofittedOn !== undefined) return reject(`此船已于 ${dayToIso(s.retrofittedOn)} 改造过 / the ship was already retrofitted, on ${dayToIso(s.retrofittedOn)}`)
        return accept({ ...s, retrofittedOn: f.day }, [{ metric: 'ships.shore-power-retrofits', quantity: 1, day: f.day }])
    }
  },
})
