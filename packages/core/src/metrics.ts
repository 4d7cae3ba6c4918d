/**
 * Metrics: the running counts and sums the county's indicators are read from
 * ("NEVs on the road", "public charging piles in service", "used cars
 * traded"). Aggregates contribute to them as events happen; projections sum
 * the contributions by metric, town, recording unit, sector and day.
 *
 * `key` is stored with every entry's delta, so it is stable forever: never
 * renumber or reuse a key, only append. Quantities are integers: money in 分,
 * decimals scaled by 10^4 (see `kind`).
 */
export type MetricKind =
  /** a number of things (辆, 个, 台, 场, 家) */
  | 'count'
  /** money in integer 分 */
  | 'fen'
  /** an exact decimal scaled by 10^4 (capacities, rates, computing power) */
  | 'scaled'

export interface Metric {
  readonly key: number
  readonly name: string
  readonly kind: MetricKind
  readonly zh: string
}

const m = (key: number, name: string, kind: MetricKind, zh: string): Metric => ({ key, name, kind, zh })

/** Certified subjects (a stock, each at its highest current level). The order fixes the keys: 45 + kind × 4 + level. */
export const certificationKinds = ['green-factory', 'smart-factory', 'digital-workshop', 'smart-scenario', 'smart-agri-base', 'pilot-base'] as const
export type CertificationKind = (typeof certificationKinds)[number]
const certificationKindZh: Record<CertificationKind, string> = {
  'green-factory': '绿色工厂',
  'smart-factory': '智能工厂',
  'digital-workshop': '数字化车间',
  'smart-scenario': '智能制造场景',
  'smart-agri-base': '智慧农业应用基地',
  'pilot-base': '科技成果转化中试示范基地',
}
export const certificationLevels = ['county', 'municipal', 'provincial', 'national'] as const
export type CertificationLevel = (typeof certificationLevels)[number]
const certificationLevelZh: Record<CertificationLevel, string> = { county: '县级', municipal: '市级', provincial: '省级', national: '国家级' }

/** Facilities whose renewal the plan tracks. The order fixes the keys: 70 + kind × 2 (in scope), + 1 (upgraded). */
export const facilityKinds = [
  'village-clinic',
  'urban-sewage-plant',
  'scenic-site-a',
  'scenic-site-2a',
  'scenic-site-3a',
  'scenic-site-4a',
  'scenic-site-5a',
  'performance-venue',
  'vocational-school',
  'media-centre',
] as const
export type FacilityKind = (typeof facilityKinds)[number]
const facilityKindZh: Record<FacilityKind, string> = {
  'village-clinic': '中心村卫生室',
  'urban-sewage-plant': '城市污水处理厂',
  'scenic-site-a': 'A级旅游景区',
  'scenic-site-2a': '2A级旅游景区',
  'scenic-site-3a': '3A级旅游景区',
  'scenic-site-4a': '4A级旅游景区',
  'scenic-site-5a': '5A级旅游景区',
  'performance-venue': '文化演艺场馆',
  'vocational-school': '职业院校10年以上教学装备、实训设备（件）',
  'media-centre': '县融媒体中心',
}

function certificationMetrics(): Metric[] {
  return certificationKinds.flatMap((kind, k) =>
    certificationLevels.map((level, l) =>
      m(45 + k * 4 + l, `certifications.${kind}.${level}`, 'count', `${certificationLevelZh[level]}${certificationKindZh[kind]}`),
    ),
  )
}

function facilityMetrics(): Metric[] {
  return facilityKinds.flatMap((kind, k) => [
    m(70 + k * 2, `facilities.${kind}.in-scope`, 'count', `${facilityKindZh[kind]}：纳入更新范围`),
    m(71 + k * 2, `facilities.${kind}.upgraded`, 'count', `${facilityKindZh[kind]}：已更新改造`),
  ])
}

export const metrics = [
  // vehicles (车辆)
  m(1, 'vehicles.nev.in-service', 'count', '新能源汽车保有量'),
  m(2, 'vehicles.diesel-goods-non-commercial-cn3.in-service', 'count', '国三及以下非营运柴油货车保有量'),
  m(3, 'vehicles.in-service', 'count', '汽车保有量'),
  m(4, 'vehicles.scrapped-dismantled', 'count', '报废汽车规范回收拆解量'),
  m(5, 'vehicles.used-car-trades', 'count', '二手车交易量'),
  m(6, 'vehicles.new-car-sales', 'count', '新车销售量'),
  m(7, 'vehicles.new-car-sales.nev', 'count', '新能源新车销售量'),
  m(8, 'vehicles.used-car-exports.value', 'fen', '二手车出口额'),
  m(9, 'vehicles.used-car-exports', 'count', '二手车出口量'),
  m(10, 'public.official-cars-bought', 'count', '公务用车采购量（不含特殊工作要求用车）'),
  m(11, 'public.official-cars-bought.nev', 'count', '新能源公务用车采购量（不含特殊工作要求用车）'),
  m(12, 'public.official-cars-bought.exempt', 'count', '特殊工作要求公务用车采购量'),
  m(13, 'public.buses-bought', 'count', '新增及更新公交车辆'),
  m(14, 'public.buses-bought.nev', 'count', '新增及更新新能源公交车辆'),
  // industry (工业技术改造、设备更新、产能)
  m(15, 'projects.started.5m-plus', 'count', '总投资500万元（含）以上技术改造项目开工数'),
  m(16, 'projects.completed.5m-plus', 'count', '总投资500万元（含）以上技术改造项目竣工数'),
  m(17, 'projects.investment', 'fen', '技术改造项目总投资'),
  m(20, 'equipment.replaced', 'count', '更新设备数量'),
  m(21, 'equipment.replaced.investment', 'fen', '设备更新投资额'),
  m(25, 'capacity.assessed', 'scaled', '评估产能'),
  m(26, 'capacity.energy-benchmark', 'scaled', '达到能效标杆水平的产能'),
  m(27, 'capacity.below-energy-baseline.found', 'scaled', '低于能效基准水平的产能'),
  m(28, 'capacity.below-energy-baseline.renovated', 'scaled', '低于能效基准水平产能已完成更新改造'),
  m(29, 'capacity.env-grade-a', 'scaled', '环保绩效A级产能'),
  // consumer goods (消费品以旧换新)
  m(30, 'appliances.collected', 'count', '废旧家电回收量（台）'),
  m(31, 'appliances.traded-in', 'count', '家电以旧换新量（台）'),
  m(32, 'appliances.trade-in-subsidy', 'fen', '家电以旧换新补贴'),
  m(33, 'restaurants.gas-stoves-protected', 'count', '餐饮场所燃气灶具加装熄火保护或以旧换新'),
  // charging and parking (充电基础设施)
  m(35, 'charging.public-piles.in-service', 'count', '公共充电桩保有量'),
  m(36, 'charging.private-piles.in-service', 'count', '私人充电桩保有量'),
  m(37, 'parking.new-residential.spaces', 'count', '新建小区停车位'),
  m(38, 'parking.new-residential.ready', 'count', '新建小区配建充电设施或预留安装条件的停车位'),
  // digital infrastructure (数字基础设施)
  m(40, 'digital.5g-base-stations', 'count', '开通5G基站'),
  m(41, 'digital.computing-power', 'scaled', '算力（P）'),
  ...certificationMetrics(),
  ...facilityMetrics(),
  // promotions (促消费活动)
  m(90, 'promotions.nev-exhibitions', 'count', '新能源汽车展销活动'),
  m(91, 'promotions.nev-exhibitions.rural', 'count', '新能源汽车下乡展销活动'),
  m(92, 'promotions.appliance', 'count', '家电消费活动'),
  m(93, 'promotions.home-furnishing', 'count', '家装家居促消费活动'),
  // agriculture (农业机械)
  m(95, 'agriculture.farm-machines-subsidised', 'count', '补贴农机具'),
  m(96, 'agriculture.beidou-machines-subsidised', 'count', '补贴配备北斗系统的农机具'),
  m(97, 'agriculture.farm-machine-subsidy', 'fen', '农机购置与应用补贴'),
  m(98, 'agriculture.coal-grain-dryers-replaced', 'count', '淘汰燃煤型粮食烘干设备'),
  // ships (船舶)
  m(100, 'ships.scrapped-early.passenger', 'count', '提前报废更新客船'),
  m(101, 'ships.scrapped-early.cargo', 'count', '提前报废更新货船'),
  m(102, 'ships.shore-power-retrofits', 'count', '内河船舶岸电受电设施改造'),
  // milestones (里程碑)
  m(105, 'milestones.smart-tourism-platform', 'count', '“舒心游济宁”智慧文旅平台建成运营'),
  // reported statistics (统计数据): the value in force for a year, on 31 December
  m(110, 'statistics.digital-rd-tool-penetration', 'scaled', '规模以上工业企业数字化研发设计工具普及率（%）'),
  m(111, 'statistics.key-process-cnc-rate', 'scaled', '关键工序数控化率（%）'),
  m(112, 'statistics.rd-active-enterprise-share', 'scaled', '有研发活动的规模以上工业企业占比（%）'),
  m(113, 'statistics.mechanisation-rate', 'scaled', '农作物耕种收综合机械化率（%）'),
  m(114, 'statistics.high-end-equipment-revenue', 'scaled', '高端装备营业收入（元）'),
  m(115, 'statistics.equipment-investment', 'scaled', '设备投资规模（元）'),
] as const satisfies ReadonlyArray<Metric>

export type MetricName = (typeof metrics)[number]['name']

export const metricByName: ReadonlyMap<string, Metric> = new Map(metrics.map((x) => [x.name, x]))
export const metricByKey: ReadonlyMap<number, Metric> = new Map(metrics.map((x) => [x.key, x]))
