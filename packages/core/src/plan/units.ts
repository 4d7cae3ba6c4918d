import { towns, type Town, type TownCode } from './towns.js'

/**
 * The departments and bodies the plan names as lead (牵头单位) or responsible
 * (责任单位) units, with a stable code each. `recordedBy` on every entry is one
 * of these codes. `key` is a small stable number used in packed projection
 * keys: never renumber, only append.
 */
export interface Unit {
  readonly code: string
  readonly key: number
  readonly zh: string
  readonly en: string
  /** other spellings the plan uses for the same body */
  readonly aliases?: ReadonlyArray<string>
}

const u = (key: number, code: string, zh: string, en: string, aliases?: ReadonlyArray<string>): Unit => ({
  key,
  code,
  zh,
  en,
  ...(aliases === undefined ? {} : { aliases }),
})

export const units = [
  u(1, 'industry-it', '县工业和信息化局', 'County Bureau of Industry and Information Technology'),
  u(2, 'ecology-environment', '市生态环境局嘉祥县分局', 'Jiaxiang Branch, Municipal Bureau of Ecology and Environment'),
  u(3, 'development-reform', '县发展改革局', 'County Development and Reform Bureau'),
  u(4, 'emergency-management', '县应急管理局', 'County Emergency Management Bureau'),
  u(5, 'market-regulation', '县市场监管局', 'County Market Regulation Bureau'),
  u(6, 'science-technology', '县科技局', 'County Science and Technology Bureau'),
  u(7, 'big-data-centre', '县大数据中心', 'County Big Data Centre'),
  u(8, 'china-tower', '铁塔济宁分公司嘉祥县办事处', 'China Tower, Jiaxiang office of the Jining branch'),
  u(9, 'china-mobile', '县移动公司', 'China Mobile, county company'),
  u(10, 'china-unicom', '县联通公司', 'China Unicom, county company'),
  u(11, 'china-telecom', '县电信公司', 'China Telecom, county company'),
  u(12, 'agriculture-rural', '县农业农村局', 'County Bureau of Agriculture and Rural Affairs'),
  u(13, 'culture-tourism', '县文化和旅游局', 'County Bureau of Culture and Tourism'),
  u(14, 'housing-construction', '县住房城乡建设局', 'County Bureau of Housing and Urban-Rural Development'),
  u(15, 'water-affairs', '县水务局', 'County Water Affairs Bureau'),
  u(16, 'transport', '县交通运输局', 'County Transport Bureau'),
  u(17, 'public-security', '县公安局', 'County Public Security Bureau'),
  u(18, 'agri-mechanisation', '县农业机械化服务中心', 'County Agricultural Mechanisation Service Centre'),
  u(19, 'education-sports', '县教体局', 'County Bureau of Education and Sports'),
  u(20, 'human-resources', '县人力资源和社会保障局', 'County Bureau of Human Resources and Social Security'),
  u(21, 'media-centre', '县融媒体中心', 'County Media Convergence Centre'),
  u(22, 'health', '县卫健局', 'County Health Commission'),
  u(23, 'commerce', '县商务局', 'County Commerce Bureau'),
  u(24, 'government-affairs', '县机关事务服务中心', 'County Government Offices Administration Centre', ['县机关事务中心']),
  u(25, 'postal', '县邮政管理局', 'County Postal Administration'),
  u(26, 'law-enforcement', '县综合行政执法局', 'County Comprehensive Administrative Law Enforcement Bureau'),
  u(27, 'landscaping-sanitation', '县园林环卫事务中心', 'County Landscaping and Sanitation Centre'),
  u(28, 'energy', '县能源事业发展中心', 'County Energy Development Centre'),
  u(29, 'publicity', '县委宣传部', 'Publicity Department of the County Party Committee'),
  u(30, 'finance', '县财政局', 'County Finance Bureau'),
  u(31, 'taxation', '县税务局', 'County Taxation Bureau'),
  u(32, 'financial-regulation', '国家金融监管总局嘉祥支局', 'National Financial Regulatory Administration, Jiaxiang sub-office'),
  u(33, 'administrative-approval', '县行政审批服务局', 'County Administrative Approval Service Bureau'),
  u(34, 'natural-resources', '县自然资源和规划局', 'County Bureau of Natural Resources and Planning'),
  u(35, 'planning-development', '县规划发展服务中心', 'County Planning and Development Service Centre'),
  u(36, 'towns', '各镇街', 'Town and subdistrict governments'),
  u(37, 'development-zone', '县经开区', 'Jiaxiang Economic Development Zone', ['嘉祥经济开发区管委会']),
  u(38, 'relevant-departments', '县政府有关部门、单位', 'Other relevant county departments and bodies'),
] as const satisfies ReadonlyArray<Unit>

/**
 * Each town and subdistrict (镇街) records as its own unit, for the facts of
 * its own area (`town-` and its town code; its key 38 + the town's). The plan's
 * 各镇街 (`towns`) names them all at once: entries recorded under that code
 * before still read and verify, but it records nothing new, and neither does
 * any unit for a town not its own. 县经开区 (`development-zone`) is one body
 * already, its area the town code `development-zone`.
 */
export type TownUnitCode = `town-${Exclude<TownCode, 'development-zone'>}`

const townUnit = (x: Town): Unit & { readonly code: TownUnitCode } => ({
  key: 38 + x.key,
  code: `town-${x.code}` as TownUnitCode,
  zh: x.zh,
  en: x.en,
})

export const townUnits: ReadonlyArray<Unit & { readonly code: TownUnitCode }> = towns.filter((x) => x.kind !== 'development-zone').map(townUnit)

export type UnitCode = (typeof units)[number]['code'] | TownUnitCode

/** The town code a unit answers for as its area: each town's own unit, and the development zone; none for a county department. */
export const areaOf: ReadonlyMap<UnitCode, TownCode> = new Map<UnitCode, TownCode>([
  ...townUnits.map((x): [UnitCode, TownCode] => [x.code, x.code.slice('town-'.length) as TownCode]),
  ['development-zone', 'development-zone'],
])

/** Codes that stand for many bodies at once: they read and verify in old entries, but record nothing new. */
export const collectiveUnits: ReadonlySet<UnitCode> = new Set<UnitCode>(['towns'])

/** The plan's units, then the towns' own. */
export const everyUnit: ReadonlyArray<Unit> = [...units, ...townUnits]
export const unitByCode: ReadonlyMap<string, Unit> = new Map(everyUnit.map((x) => [x.code, x]))
export const unitByKey: ReadonlyMap<number, Unit> = new Map(everyUnit.map((x) => [x.key, x]))
