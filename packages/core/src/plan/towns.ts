/**
 * Jiaxiang County's towns and subdistricts (镇街): 2 subdistricts (街道),
 * 11 towns (镇) and 2 townships (乡), plus the economic development zone,
 * which the plan addresses beside them (各镇街、县经开区). Every event that
 * concerns a place carries one of these codes. `key` is a stable number for
 * packed projection keys: never renumber, only append.
 */
export type TownKind = 'subdistrict' | 'town' | 'township' | 'development-zone'

export interface Town {
  readonly code: string
  readonly key: number
  readonly zh: string
  readonly en: string
  readonly kind: TownKind
}

const t = (key: number, code: string, zh: string, en: string, kind: TownKind): Town => ({ key, code, zh, en, kind })

export const towns = [
  t(1, 'jiaxiang', '嘉祥街道', 'Jiaxiang Subdistrict', 'subdistrict'),
  t(2, 'wolongshan', '卧龙山街道', 'Wolongshan Subdistrict', 'subdistrict'),
  t(3, 'liangbaosi', '梁宝寺镇', 'Liangbaosi Town', 'town'),
  t(4, 'macun', '马村镇', 'Macun Town', 'town'),
  t(5, 'dazhanglou', '大张楼镇', 'Dazhanglou Town', 'town'),
  t(6, 'zhifang', '纸坊镇', 'Zhifang Town', 'town'),
  t(7, 'jintun', '金屯镇', 'Jintun Town', 'town'),
  t(8, 'tuanli', '疃里镇', 'Tuanli Town', 'town'),
  t(9, 'maji', '马集镇', 'Maji Town', 'town'),
  t(10, 'zhongshan', '仲山镇', 'Zhongshan Town', 'town'),
  t(11, 'laosengtang', '老僧堂镇', 'Laosengtang Town', 'town'),
  t(12, 'mengguji', '孟姑集镇', 'Mengguji Town', 'town'),
  t(13, 'wanzhang', '万张镇', 'Wanzhang Town', 'town'),
  t(14, 'mandong', '满硐乡', 'Mandong Township', 'township'),
  t(15, 'huanggai', '黄垓乡', 'Huanggai Township', 'township'),
  t(16, 'development-zone', '嘉祥经济开发区', 'Jiaxiang Economic Development Zone', 'development-zone'),
] as const satisfies ReadonlyArray<Town>

export type TownCode = (typeof towns)[number]['code']

export const townByCode: ReadonlyMap<string, Town> = new Map(towns.map((x) => [x.code, x]))
export const townByKey: ReadonlyMap<number, Town> = new Map(towns.map((x) => [x.key, x]))

/** The towns and townships (乡镇) that "乡镇全覆盖" is counted over. */
export const ruralTowns: ReadonlyArray<Town> = towns.filter((x) => x.kind === 'town' || x.kind === 'township')
