import { measureByNumber, planPeriod } from './plan.js'
import type { Target } from './targets.js'
import type { UnitCode } from './units.js'

/**
 * The plan's 39 indicators (docs/plan/indicators.md) with their targets.
 * `planText` quotes the plan; "…" joins parts that stand apart in the text
 * and " / " joins the phrases of different years. `section` is the part of
 * the plan the phrase stands in, `measures` the measures that deliver it
 * (for a general target of 一、总体要求, the measures whose work it counts).
 *
 * A bare quota with no comparator word (实施100个, 增长15%, 完成60个, 开通
 * 1100个) is read as a floor, `gte`; its word is the plan's verb.
 */

export type UnitKind = 'percent' | 'count' | 'yuan' | 'ratio' | 'petaflops' | 'growth-percent' | 'milestone'

export interface IndicatorUnit {
  readonly zh: string
  readonly en: string
  readonly kind: UnitKind
}

export interface Indicator {
  readonly id: string
  readonly zh: string
  readonly en: string
  readonly unit: IndicatorUnit
  readonly section: number
  readonly measures: ReadonlyArray<number>
  readonly planText: string
  readonly targets: ReadonlyArray<Target>
}

const percent = { zh: '%', en: 'per cent', kind: 'percent' } as const
const growthPercent = { zh: '%（较基期增长）', en: 'per cent growth over the baseline', kind: 'growth-percent' } as const
const count = (zh: string, en: string): IndicatorUnit => ({ zh, en, kind: 'count' })
const vehicles = count('辆', 'vehicles')
const yuan = { zh: '元', en: 'yuan', kind: 'yuan' } as const

/** The years "每年" covers: the plan runs from 2024 to its horizon, 2027. */
export const planYears: ReadonlyArray<number> = Array.from({ length: planPeriod.horizon - planPeriod.start + 1 }, (_, i) => planPeriod.start + i)

/** A target without its year, kept per comparator so that `value` stays required where it is. */
type Yearless<T> = T extends unknown ? Omit<T, 'year'> : never

const eachYear = (target: Yearless<Target>): ReadonlyArray<Target> => planYears.map((year) => ({ ...target, year }))

export const indicators = [
  // 一、总体要求
  {
    id: 'industry.energy-benchmark-capacity-share',
    zh: '工业重点领域达到能效标杆水平的产能比例',
    en: 'Share of capacity in key industrial sectors at the energy-efficiency benchmark level',
    unit: percent, section: 1, measures: [2],
    planText: '工业重点领域达到能效标杆水平的产能比例超过35%',
    targets: [{ year: 2025, word: '超过', comparator: 'gt', value: 35 }],
  },
  {
    id: 'industry.below-energy-baseline-renovated',
    zh: '工业重点领域低于能效基准水平的产能完成更新改造比例',
    en: 'Share of capacity below the energy-efficiency baseline level that has been renovated',
    unit: percent, section: 1, measures: [2],
    planText: '工业重点领域低于能效基准水平的全部完成更新改造',
    targets: [{ year: 2027, word: '全部', comparator: 'all' }],
  },
  {
    id: 'industry.env-a-grade-capacity-share',
    zh: '环保绩效达到A级水平的产能比例',
    en: 'Share of capacity rated A for environmental performance',
    unit: percent, section: 1, measures: [2],
    planText: '环保绩效达到A级水平的产能比例大幅提升',
    targets: [{ year: 2027, word: '大幅提升', comparator: 'increase', baselineYear: 2023 }],
  },
  {
    id: 'industry.digital-rd-tool-penetration',
    zh: '规模以上工业企业数字化研发设计工具普及率',
    en: 'Digital R&D and design tool penetration, above-scale industrial enterprises',
    unit: percent, section: 1, measures: [5],
    planText: '规模以上工业企业数字化研发设计工具普及率…分别超过92%、75%',
    targets: [{ year: 2027, word: '超过', comparator: 'gt', value: 92 }],
  },
  {
    id: 'industry.key-process-cnc-rate',
    zh: '关键工序数控化率',
    en: 'Share of key processes under numerical control, above-scale industrial enterprises',
    unit: percent, section: 1, measures: [5],
    planText: '关键工序数控化率分别超过92%、75%',
    targets: [{ year: 2027, word: '超过', comparator: 'gt', value: 75 }],
  },
  {
    id: 'investment.equipment-growth',
    zh: '工业、农业、建筑、交通、教育、文旅、医疗等领域设备投资规模',
    en: 'Equipment investment in industry, agriculture, construction, transport, education, culture and tourism, and health',
    // the sectors' equipment measures: industry (一), construction (八), transport (九), agriculture (十), education and culture (十一), health (十二)
    unit: growthPercent, section: 1, measures: [1, 8, 9, 10, 11, 12],
    planText: '工业、农业、建筑、交通、教育、文旅、医疗等领域设备投资规模较2023年增长28%以上',
    targets: [{ year: 2027, word: '以上', comparator: 'gte', value: 28, baselineYear: 2023, growth: 'cumulative' }],
  },
  {
    id: 'vehicles.nev-fleet',
    zh: '新能源汽车保有量',
    en: 'New-energy vehicles registered',
    unit: vehicles, section: 1, measures: [15, 17],
    planText: '新能源汽车保有量达到1.6万辆左右 / 新能源汽车保有量达到2.5万辆',
    targets: [
      { year: 2025, word: '左右', comparator: 'about', value: 16_000 },
      { year: 2027, word: '达到', comparator: 'gte', value: 25_000 },
    ],
  },
  {
    id: 'vehicles.diesel-truck-cn3-eliminated',
    zh: '国三及以下非营运柴油货车',
    en: 'Non-commercial diesel goods vehicles of China III or below still registered',
    unit: vehicles, section: 1, measures: [9],
    planText: '国三及以下非营运柴油货车基本淘汰',
    targets: [{ year: 2025, word: '基本淘汰', comparator: 'eliminate', baselineYear: 2023 }],
  },
  {
    id: 'vehicles.scrapped-dismantled',
    zh: '报废汽车规范回收拆解量',
    en: 'End-of-life vehicles taken in and dismantled by licensed recyclers',
    unit: vehicles, section: 1, measures: [23, 24],
    planText: '报废汽车规范回收拆解量达到0.6万辆 / 报废汽车回收量较2023年增加约一倍',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 6_000 },
      { year: 2027, word: '约一倍', comparator: 'about', value: 100, baselineYear: 2023, growth: 'cumulative' },
    ],
  },
  {
    id: 'vehicles.used-to-new-ratio',
    zh: '二手车交易量与新车销售比值',
    en: 'Used-car transactions to new-car sales',
    unit: { zh: '比值', en: 'ratio', kind: 'ratio' }, section: 1, measures: [25],
    planText: '二手车交易量与新车销售比值达到0.8:1',
    targets: [{ year: 2025, word: '达到', comparator: 'gte', value: 0.8 }],
  },
  {
    id: 'vehicles.used-car-trade-growth',
    zh: '二手车交易量',
    en: 'Used-car transactions, growth over 2023',
    unit: growthPercent, section: 1, measures: [25],
    planText: '二手车交易量较2023年增长45%',
    targets: [{ year: 2027, word: '增长', comparator: 'gte', value: 45, baselineYear: 2023, growth: 'cumulative' }],
  },
  {
    id: 'appliances.recycled-growth',
    zh: '废旧家电回收量',
    en: 'Waste household appliances collected, growth over 2023',
    unit: growthPercent, section: 1, measures: [23, 24],
    planText: '废旧家电回收量较2023年增长15% / 废旧家电回收量较2023年增长30%',
    targets: [
      { year: 2025, word: '增长', comparator: 'gte', value: 15, baselineYear: 2023, growth: 'cumulative' },
      { year: 2027, word: '增长', comparator: 'gte', value: 30, baselineYear: 2023, growth: 'cumulative' },
    ],
  },
  // 二、实施高水平技术改造行动
  {
    id: 'industry.tech-renovation-projects',
    zh: '总投资额500万元（含）以上的技术改造项目',
    en: 'Technical-renovation projects of 5 million yuan or more under way in the year',
    unit: count('个', 'projects'), section: 2, measures: [1],
    planText: '每年滚动实施100个总投资额500万元（含）以上的项目',
    targets: eachYear({ word: '实施', comparator: 'gte', value: 100 }),
  },
  {
    id: 'industry.green-factories',
    zh: '市级及以上绿色工厂',
    en: 'Green factories certified at municipal level or above, cumulative',
    unit: count('家', 'factories'), section: 2, measures: [2],
    planText: '到2025年，累计建成市级及以上绿色工厂3家，到2027年，累计建成市级及以上绿色工厂5家',
    targets: [
      { year: 2025, word: '建成', comparator: 'gte', value: 3 },
      { year: 2027, word: '建成', comparator: 'gte', value: 5 },
    ],
  },
  {
    id: 'industry.rd-active-enterprise-share',
    zh: '有研发活动的规模以上工业企业占比',
    en: 'Share of above-scale industrial enterprises with R&D activity',
    unit: percent, section: 2, measures: [3],
    planText: '有研发活动的规模以上工业企业占比分别达到50%、55%',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 50 },
      { year: 2027, word: '达到', comparator: 'gte', value: 55 },
    ],
  },
  {
    id: 'industry.pilot-bases',
    zh: '市级科技成果转化中试示范基地',
    en: 'Municipal pilot-scale demonstration bases for technology transfer, cumulative',
    unit: count('家', 'bases'), section: 2, measures: [3],
    planText: '建设市级科技成果转化中试示范基地分别达到1家以上、2家以上',
    targets: [
      { year: 2025, word: '以上', comparator: 'gte', value: 1 },
      { year: 2027, word: '以上', comparator: 'gte', value: 2 },
    ],
  },
  // 三、实施产业数字化转型升级行动
  {
    id: 'digital.computing-power',
    zh: '算力',
    en: 'Computing power in service',
    unit: { zh: 'P', en: 'PFLOPS', kind: 'petaflops' }, section: 3, measures: [4],
    planText: '到2025年年底前形成算力2000P',
    targets: [{ year: 2025, word: '形成', comparator: 'gte', value: 2_000 }],
  },
  {
    id: 'digital.5g-base-stations',
    zh: '5G基站',
    en: '5G base stations opened, cumulative',
    unit: count('个', 'base stations'), section: 3, measures: [4],
    planText: '到2025年，开通5G基站1100个',
    targets: [{ year: 2025, word: '开通', comparator: 'gte', value: 1_100 }],
  },
  {
    id: 'digital.smart-manufacturing-sites',
    zh: '智能工厂、数字化车间和智能制造场景',
    en: 'Smart factories, digital workshops and smart-manufacturing scenarios, cumulative',
    unit: count('家', 'sites'), section: 3, measures: [5],
    planText: '到2027年，累计培育8家以上智能工厂、数字化车间和智能制造场景',
    targets: [{ year: 2027, word: '以上', comparator: 'gte', value: 8 }],
  },
  {
    id: 'agriculture.smart-agri-bases',
    zh: '省级智慧农业应用基地',
    en: 'Provincial smart-agriculture application bases, cumulative',
    unit: count('家', 'bases'), section: 3, measures: [6],
    planText: '推选省级智慧农业应用基地数量分别达到1家、2家',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 1 },
      { year: 2027, word: '达到', comparator: 'gte', value: 2 },
    ],
  },
  {
    id: 'culture.smart-tourism-platform',
    zh: '“舒心游济宁”智慧文旅平台',
    en: 'The "Shuxin You Jining" smart culture-and-tourism platform in operation',
    unit: { zh: '是否建成运营', en: 'in operation or not', kind: 'milestone' }, section: 3, measures: [7],
    planText: '到2025年，配合市文化和旅游局建成运营“舒心游济宁”智慧文旅平台',
    targets: [{ year: 2025, word: '建成运营', comparator: 'milestone' }],
  },
  // 四、实施设备更新迭代行动
  {
    id: 'urban.sewage-plant-upgrade-rate',
    zh: '城市污水处理厂提标改造率',
    en: 'Share of urban sewage plants upgraded to the higher discharge standard',
    unit: percent, section: 4, measures: [8],
    planText: '到2025年，城市污水处理厂提标改造率达到100%',
    targets: [{ year: 2025, word: '100%', comparator: 'all' }],
  },
  {
    id: 'agriculture.beidou-machines-subsidised',
    zh: '补贴配备北斗系统的农机具',
    en: 'Subsidised farm machines fitted with BeiDou, cumulative',
    unit: count('台', 'machines'), section: 4, measures: [10],
    planText: '补贴配备北斗系统的农机具分别达到160台左右、410台左右',
    targets: [
      { year: 2025, word: '左右', comparator: 'about', value: 160 },
      { year: 2027, word: '左右', comparator: 'about', value: 410 },
    ],
  },
  {
    id: 'agriculture.mechanisation-rate',
    zh: '农作物耕种收综合机械化率',
    en: 'Combined mechanisation rate of ploughing, sowing and harvesting',
    unit: percent, section: 4, measures: [10],
    planText: '全县农作物耕种收综合机械化率分别达到96%以上、97%以上',
    targets: [
      { year: 2025, word: '以上', comparator: 'gte', value: 96 },
      { year: 2027, word: '以上', comparator: 'gte', value: 97 },
    ],
  },
  {
    id: 'education.vocational-old-equipment-renewed',
    zh: '职业院校使用10年以上教学装备、实训设备更新率',
    en: 'Share of vocational-school teaching and training equipment over 10 years old that has been renewed',
    unit: percent, section: 4, measures: [11],
    planText: '全县职业院校使用10年以上教学装备、实训设备更新率分别达到60%、100%',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 60 },
      { year: 2027, word: '100%', comparator: 'all' },
    ],
  },
  {
    id: 'culture.scenic-equipment-renewed',
    zh: '有需求的景区、文化演艺场馆设备更新升级比例',
    en: 'Share of scenic areas and performance venues with a declared need whose equipment has been renewed',
    unit: percent, section: 4, measures: [11],
    planText: '2025年实现4A级以上景区…2027年实现3A级以上景区、县级文化演艺场馆有需求设备更新升级',
    targets: [
      { year: 2025, word: '实现', comparator: 'all', scope: '4A级以上景区' },
      { year: 2027, word: '实现', comparator: 'all', scope: '3A级以上景区、县级文化演艺场馆' },
    ],
  },
  {
    id: 'health.village-clinics-upgraded',
    zh: '完成改造提升的中心村卫生室',
    en: 'Central-village clinics upgraded, cumulative',
    unit: count('个', 'clinics'), section: 4, measures: [12],
    planText: '对全县中心村卫生室进行软硬件改造提升，到2025年和2027年，分别完成60个、80个',
    targets: [
      { year: 2025, word: '完成', comparator: 'gte', value: 60 },
      { year: 2027, word: '完成', comparator: 'gte', value: 80 },
    ],
  },
  // 五、实施新能源车辆倍增行动
  {
    id: 'vehicles.public-sector-nev-share',
    zh: '公务用车新能源汽车采购占比',
    en: 'Share of new-energy vehicles among official cars bought (special-purpose exemptions excluded)',
    unit: percent, section: 5, measures: [15],
    planText: '购买除特殊工作要求外的公务用车，一律采购新能源车，确保新能源汽车采购占比达到100%',
    targets: eachYear({ word: '100%', comparator: 'all' }),
  },
  {
    id: 'vehicles.bus-nev-share',
    zh: '新增及更新公交车辆新能源车型占比',
    en: 'Share of new-energy vehicles among new and replacement buses',
    unit: percent, section: 5, measures: [15],
    planText: '新增及更新的公交车辆全部采用新能源车型',
    targets: eachYear({ word: '全部', comparator: 'all' }),
  },
  {
    id: 'charging.public-piles',
    zh: '公共充电桩保有量',
    en: 'Public charging piles in service',
    unit: count('台', 'piles'), section: 5, measures: [16],
    planText: '全县公共充电桩保有量年均增长40%以上，到2025年和2027年，分别达到1180台、2310台',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 1_180 },
      { year: 2027, word: '达到', comparator: 'gte', value: 2_310 },
    ],
  },
  {
    id: 'charging.public-piles-annual-growth',
    zh: '公共充电桩保有量年均增长率',
    en: 'Compound annual growth of public charging piles',
    unit: growthPercent, section: 5, measures: [16],
    planText: '全县公共充电桩保有量年均增长40%以上',
    targets: eachYear({ word: '以上', comparator: 'gte', value: 40, baselineYear: 2023, growth: 'annual' }),
  },
  {
    id: 'charging.township-coverage',
    zh: '公共充电站乡镇覆盖率',
    en: 'Share of towns and townships with a public charging station',
    unit: percent, section: 5, measures: [16],
    planText: '实现公共充电站乡镇全覆盖',
    // the plan gives no year: its horizon, 2027
    targets: [{ year: 2027, word: '全覆盖', comparator: 'all' }],
  },
  {
    id: 'charging.new-residential-parking-ready',
    zh: '新建小区停车位配建充电基础设施或预留建设安装条件比例',
    en: 'Share of parking spaces in new residential compounds built with charging or ready for it',
    unit: percent, section: 5, measures: [16],
    planText: '新建小区停车位100%配建充电基础设施或预留建设安装条件',
    targets: eachYear({ word: '100%', comparator: 'all' }),
  },
  // 六、实施消费品以旧换新行动
  {
    id: 'vehicles.nev-fleet-annual-growth',
    zh: '新能源汽车保有量年均增长率',
    en: 'Compound annual growth of new-energy vehicles registered',
    unit: growthPercent, section: 6, measures: [17],
    planText: '全县新能源汽车保有量年均增长25%以上',
    targets: eachYear({ word: '以上', comparator: 'gte', value: 25, baselineYear: 2023, growth: 'annual' }),
  },
  {
    id: 'trade-in.nev-exhibitions',
    zh: '新能源汽车展销活动',
    en: 'New-energy vehicle exhibitions and sales events held in the year',
    unit: count('场', 'events'), section: 6, measures: [17],
    planText: '每年举办12场以上新能源汽车展销活动',
    targets: eachYear({ word: '以上', comparator: 'gte', value: 12 }),
  },
  {
    id: 'trade-in.nev-rural-exhibitions',
    zh: '新能源汽车下乡展销活动',
    en: 'Of those, held in rural areas',
    unit: count('场', 'events'), section: 6, measures: [17],
    planText: '其中下乡展销不少于8场',
    targets: eachYear({ word: '不少于', comparator: 'gte', value: 8 }),
  },
  {
    id: 'trade-in.appliance-promotions',
    zh: '家电消费活动',
    en: 'Appliance consumption-promotion events held in the year',
    unit: count('场', 'events'), section: 6, measures: [18],
    planText: '每年举办家电消费活动不少于1场',
    targets: eachYear({ word: '不少于', comparator: 'gte', value: 1 }),
  },
  // 七、实施供给产品质量升级行动
  {
    id: 'industry.high-end-equipment-revenue',
    zh: '高端装备营业收入',
    en: 'Operating revenue of high-end equipment manufacturing in the year',
    unit: yuan, section: 7, measures: [20],
    planText: '高端装备营业收入分别达到17亿元、25亿元',
    targets: [
      { year: 2025, word: '达到', comparator: 'gte', value: 1_700_000_000 },
      { year: 2027, word: '达到', comparator: 'gte', value: 2_500_000_000 },
    ],
  },
  // 八、实施资源回收利用行动
  {
    id: 'trade.used-car-exports',
    zh: '二手车出口额',
    en: 'Value of used cars exported in the year',
    unit: yuan, section: 8, measures: [25],
    planText: '全县二手车出口额分别突破2000万元、5000万元',
    targets: [
      { year: 2025, word: '突破', comparator: 'gt', value: 20_000_000 },
      { year: 2027, word: '突破', comparator: 'gt', value: 50_000_000 },
    ],
  },
] as const satisfies ReadonlyArray<Indicator>

export type IndicatorId = (typeof indicators)[number]['id']

export const indicatorById: ReadonlyMap<string, Indicator> = new Map(indicators.map((x) => [x.id, x]))

const unique = <A>(xs: ReadonlyArray<A>): ReadonlyArray<A> => [...new Set(xs)]

/**
 * The units that answer for an indicator: the lead and responsible units of
 * its measures, each once, in the plan's order. A unit that leads one of the
 * measures is listed as lead only.
 */
export const accountableUnits = (
  indicator: Pick<Indicator, 'measures'>,
): { readonly lead: ReadonlyArray<UnitCode>; readonly responsible: ReadonlyArray<UnitCode> } => {
  const of = indicator.measures.flatMap((n) => {
    const measure = measureByNumber.get(n)
    return measure === undefined ? [] : [measure]
  })
  const lead = unique(of.flatMap((m) => m.lead))
  return { lead, responsible: unique(of.flatMap((m) => m.responsible)).filter((u) => !lead.includes(u)) }
}
