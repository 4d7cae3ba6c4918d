/**
 * Sectors as the plan names them: the fields whose equipment investment it
 * counts (工业、农业、建筑、交通、教育、文旅、医疗) and the key industries of
 * measure (一) (化工、轻工、建材、纺织服装、机械). Industrial sub-sectors name
 * `industry` as parent. `key` is stable: never renumber, only append.
 */
export interface Sector {
  readonly code: string
  readonly key: number
  readonly zh: string
  readonly en: string
  readonly parent?: string
}

const s = (key: number, code: string, zh: string, en: string, parent?: string): Sector => ({
  key,
  code,
  zh,
  en,
  ...(parent === undefined ? {} : { parent }),
})

export const sectors = [
  s(1, 'industry', '工业', 'Industry'),
  s(2, 'agriculture', '农业', 'Agriculture'),
  s(3, 'construction', '建筑', 'Construction'),
  s(4, 'transport', '交通', 'Transport'),
  s(5, 'education', '教育', 'Education'),
  s(6, 'culture-tourism', '文旅', 'Culture and tourism'),
  s(7, 'health', '医疗', 'Health care'),
  s(8, 'chemicals', '化工', 'Chemicals', 'industry'),
  s(9, 'light-industry', '轻工', 'Light industry', 'industry'),
  s(10, 'building-materials', '建材', 'Building materials', 'industry'),
  s(11, 'textiles-apparel', '纺织服装', 'Textiles and apparel', 'industry'),
  s(12, 'machinery', '机械', 'Machinery', 'industry'),
  s(13, 'municipal', '市政', 'Municipal infrastructure'),
  s(14, 'commerce', '商贸', 'Commerce and trade'),
  s(15, 'energy', '能源', 'Energy'),
] as const satisfies ReadonlyArray<Sector>

export type SectorCode = (typeof sectors)[number]['code']

export const sectorByCode: ReadonlyMap<string, Sector> = new Map(sectors.map((x) => [x.code, x]))
export const sectorByKey: ReadonlyMap<number, Sector> = new Map(sectors.map((x) => [x.key, x]))
