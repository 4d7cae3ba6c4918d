import { Bool, Enum, Identifier, Struct, Text, TownCodec, type Wording } from '../codecs.js'
import type { Contribution } from '../deltas.js'
import { once } from './common.js'
import { defineEvent, type Fact } from './define.js'
import { keyedBy } from './streams.js'

/*
 * Promotion events (measures 十七、十八、十九): NEV exhibitions (of which those
 * held in the countryside, 下乡), appliance and home-furnishing promotions.
 * One stream per event, recorded once.
 */

export const PromotionEventHeld = defineEvent({
  type: 'PromotionEventHeld',
  version: 1,
  title: { zh: '促消费活动举办', en: 'Promotion event held' },
  data: (name: Wording) => Struct(name, {
    eventId: Identifier,
    kind: Enum({ zh: '促销活动类别', en: 'a promotion kind' }, ['nev-exhibition', 'appliance-promotion', 'home-furnishing'] as const),
    name: Text(200),
    town: TownCodec,
    rural: Bool,
  }),
  stream: keyedBy('promotion', (d) => [d.eventId]),
})

export const promotionEvents = [PromotionEventHeld] as const

type Promotion = typeof PromotionEventHeld.data._A

const metricsOf = (p: Promotion): string[] => {
  switch (p.kind) {
    case 'nev-exhibition':
      return p.rural ? ['promotions.nev-exhibitions', 'promotions.nev-exhibitions.rural'] : ['promotions.nev-exhibitions']
    case 'appliance-promotion':
      return ['promotions.appliance']
    case 'home-furnishing':
      return ['promotions.home-furnishing']
  }
}

export const promotion = once<Fact<'PromotionEventHeld', Promotion>>('promotion', { zh: '此促销活动', en: 'this promotion event' }, (f) =>
  metricsOf(f.data).map((metric): Contribution => ({ metric, quantity: 1, day: f.day, town: f.data.town })),
)
