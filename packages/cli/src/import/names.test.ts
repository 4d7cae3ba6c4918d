import { dataCodec, enumValuesOf, eventTypes, registry, structFieldsOf } from '@policy-ledger/core'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { describe, expect, it } from 'vitest'
import { columnOf, ENVELOPE_ZH, FIELD_ZH, fieldCodec, planNames, typeOf, VALUE_ZH, zhOfColumn, type Codec } from './names.js'

/** Every data field of an event type, by its dotted path, with its codec. */
const fieldsOf = (codec: Codec, prefix = ''): ReadonlyArray<{ readonly path: string; readonly codec: Codec }> =>
  (structFieldsOf(codec) ?? []).flatMap((f) => (structFieldsOf(f.codec) === undefined ? [{ path: `${prefix}${f.name}`, codec: f.codec }] : fieldsOf(f.codec, `${prefix}${f.name}.`)))

const all = eventTypes.flatMap((type) => fieldsOf(dataCodec(type) as Codec).map((f) => ({ type, ...f })))

describe('the Chinese names', () => {
  it('name every field of every event type, each name one column only', () => {
    expect(all.filter((f) => FIELD_ZH[f.path] === undefined).map((f) => `${f.type} ${f.path}`)).toEqual([])
    const zh = [...Object.values(ENVELOPE_ZH), ...Object.values(FIELD_ZH)]
    expect(new Set(zh).size).toBe(zh.length)
    // no name stands for a field of no event
    expect(Object.keys(FIELD_ZH).filter((path) => !all.some((f) => f.path === path))).toEqual([])
    for (const f of all) {
      expect(columnOf(FIELD_ZH[f.path] ?? '')).toBe(`data.${f.path}`)
      expect(zhOfColumn(`data.${f.path}`)).toBe(FIELD_ZH[f.path])
      expect(fieldCodec(f.type, f.path)).toBe(f.codec)
    }
    expect(columnOf('发生时间')).toBe('occurredAt')
    expect(columnOf('data.recycler.name')).toBe('data.recycler.name')
  })

  it('name every word of every enumeration, distinct within it', () => {
    for (const f of all) {
      const words = enumValuesOf(f.codec)
      if (words === undefined) continue
      expect(words.filter((w) => VALUE_ZH[w] === undefined).map((w) => `${f.type} ${f.path} ${w}`)).toEqual([])
      expect(new Set(words.map((w) => VALUE_ZH[w])).size).toBe(words.length)
    }
  })

  it('name each event type by its title, and the plan’s towns, units and sectors by theirs', () => {
    for (const [type, r] of registry) expect(typeOf(r.definition.title.zh)).toBe(type)
    const names = planNames(jiaxiang2024)
    expect(names.town.get('马村镇')).toBe('macun')
    expect(names.unit.get('县商务局')).toBe('commerce')
    expect(names.unit.get('商务局')).toBe('commerce')
    expect(names.unit.get('县机关事务中心')).toBe('government-affairs')
    expect(names.unit.get('纸坊镇')).toBe('town-zhifang')
    expect(names.sector.get('化工')).toBe('chemicals')
  })
})
