import { Enum } from '../codecs.js'
/*
 * What a plan names: its sections, the units that lead and answer for its
 * measures, its towns and its sectors. Events carry their codes as plain
 * text; a ledger checks them against its plan when it records.
 */

export interface Section {
  readonly number: number
  readonly zh: string
  readonly en: string
}

/** A department or body the plan names as lead (牵头单位) or responsible (责任单位) unit; `recordedBy` is one of their codes. */
export interface Unit {
  readonly code: string
  readonly zh: string
  readonly en: string
  /** other spellings the plan uses for the same body */
  readonly aliases?: ReadonlyArray<string>
}

export type TownKind = 'subdistrict' | 'town' | 'township' | 'development-zone'

/** A town, subdistrict or township (镇街), or a zone the plan addresses beside them; every event that concerns a place carries one's code. */
export interface Town {
  readonly code: string
  readonly zh: string
  readonly en: string
  readonly kind: TownKind
}

/** A sector as the plan names it; a sub-sector names its parent. */
export interface Sector {
  readonly code: string
  readonly zh: string
  readonly en: string
  readonly parent?: string
}

/** The kinds of town, as formulas name them (coverage of 乡镇: towns and townships). */
export const townKinds: ReadonlyArray<TownKind> = ['subdistrict', 'town', 'township', 'development-zone']

/** A town's kind as a plan file gives it (its towns, a coverage's kinds of town). */
export const TownKindCodec = Enum({ zh: '镇街类别', en: 'a kind of town' }, townKinds)
