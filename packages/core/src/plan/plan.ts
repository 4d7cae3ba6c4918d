import type { Measure } from './define.js'
import type { UnitCode } from './units.js'

/**
 * The measures of 嘉政发〔2024〕5号 (（一）…（三十五）), each with the units
 * that lead it (牵头单位) and answer for it (责任单位), as the recording
 * policy (audit/policy.ts) reads them: who may record what is still
 * Jiaxiang's, as the catalogues of units and towns that events carry are.
 * The plan itself is @policy-ledger/plan-jiaxiang-2024 (its plan.json);
 * that package's tests hold these measures equal to its own.
 */

export interface Section {
  readonly number: number
  readonly zh: string
  readonly en: string
}

/** A measure of the catalogue: its units are codes of units.ts. */
export type CatalogueMeasure = Measure & { readonly lead: ReadonlyArray<UnitCode>; readonly responsible: ReadonlyArray<UnitCode> }

/** 各镇街、县经开区: every measure closes its list of responsible units with them. */
const local = ['towns', 'development-zone'] as const

export const measures = [
  // 二、实施高水平技术改造行动
  { number: 1, section: 2, zh: '促进产业高端化跃升', en: 'Move industry up to the high end',
    lead: ['industry-it'], responsible: [...local] },
  { number: 2, section: 2, zh: '促进产业绿色化转型', en: 'Green transformation of industry',
    lead: ['industry-it', 'ecology-environment'],
    responsible: ['development-reform', 'emergency-management', 'market-regulation', ...local] },
  { number: 3, section: 2, zh: '促进产业创新型发展', en: 'Innovation-led industrial development',
    lead: ['science-technology'], responsible: ['industry-it', ...local] },
  // 三、实施产业数字化转型升级行动
  { number: 4, section: 3, zh: '加快数字基础设施建设', en: 'Build digital infrastructure faster',
    lead: ['big-data-centre', 'industry-it'],
    responsible: ['china-tower', 'china-mobile', 'china-unicom', 'china-telecom', ...local] },
  { number: 5, section: 3, zh: '提升工业数字化水平', en: 'Digitalise industry',
    lead: ['industry-it'], responsible: [...local] },
  { number: 6, section: 3, zh: '提升农业数字化水平', en: 'Digitalise agriculture',
    lead: ['agriculture-rural'], responsible: [...local] },
  { number: 7, section: 3, zh: '提升文旅业数字化水平', en: 'Digitalise culture and tourism',
    lead: ['culture-tourism'], responsible: [...local] },
  // 四、实施设备更新迭代行动
  { number: 8, section: 4, zh: '加快建筑和市政基础设施更新改造', en: 'Renew buildings and municipal infrastructure',
    lead: ['housing-construction', 'water-affairs'], responsible: ['market-regulation', ...local] },
  { number: 9, section: 4, zh: '推动交通运输设备更新换代', en: 'Renew transport equipment',
    lead: ['transport', 'ecology-environment'], responsible: ['public-security', ...local] },
  { number: 10, section: 4, zh: '推动老旧农业机械报废更新', en: 'Scrap and replace old farm machinery',
    lead: ['agriculture-rural'], responsible: ['agri-mechanisation', ...local] },
  { number: 11, section: 4, zh: '提升教育文旅设施水平', en: 'Upgrade education, culture and tourism facilities',
    lead: ['education-sports', 'culture-tourism', 'human-resources', 'media-centre'], responsible: [...local] },
  { number: 12, section: 4, zh: '增强医疗卫生服务能力', en: 'Strengthen health services',
    lead: ['health'], responsible: [...local] },
  // 五、实施新能源车辆倍增行动
  { number: 13, section: 5, zh: '积极培育新能源环卫车产业', en: 'Grow a new-energy sanitation-vehicle industry',
    lead: ['industry-it', 'commerce'], responsible: [...local] },
  { number: 14, section: 5, zh: '加快提升新能源汽车关键零部件配套水平', en: 'Supply key parts for new-energy vehicles',
    lead: ['industry-it'], responsible: [...local] },
  { number: 15, section: 5, zh: '加快重点领域推广应用', en: 'New-energy vehicles in key fields',
    lead: ['government-affairs', 'transport', 'postal'],
    responsible: ['housing-construction', 'law-enforcement', 'landscaping-sanitation', ...local] },
  { number: 16, section: 5, zh: '加强基础设施支撑保障', en: 'Charging infrastructure',
    lead: ['energy', 'housing-construction'], responsible: ['agriculture-rural', ...local] },
  // 六、实施消费品以旧换新行动
  { number: 17, section: 6, zh: '推动汽车以旧换新', en: 'Trade in cars',
    lead: ['commerce', 'transport'], responsible: [...local] },
  { number: 18, section: 6, zh: '推动家电以旧换新', en: 'Trade in household appliances',
    lead: ['commerce'], responsible: [...local] },
  { number: 19, section: 6, zh: '推动家装消费品换新', en: 'Renew home furnishings',
    lead: ['commerce'], responsible: ['market-regulation', 'housing-construction', ...local] },
  // 七、实施供给产品质量升级行动
  { number: 20, section: 7, zh: '大力提升先进产能', en: 'Raise advanced capacity',
    lead: ['industry-it'], responsible: [...local] },
  { number: 21, section: 7, zh: '着力提升产品质量品牌', en: 'Product quality and brands',
    lead: ['industry-it', 'market-regulation', 'publicity'],
    responsible: ['culture-tourism', 'agriculture-rural', 'housing-construction', 'ecology-environment', 'development-reform', ...local] },
  { number: 22, section: 7, zh: '提升新兴产业供给能力', en: 'Supply from emerging industries',
    lead: ['industry-it', 'development-reform'], responsible: [...local] },
  // 八、实施资源回收利用行动
  { number: 23, section: 8, zh: '完善废旧物资回收网络', en: 'The network collecting waste materials',
    lead: ['development-reform', 'commerce'],
    responsible: ['finance', 'government-affairs', 'public-security', 'housing-construction', 'landscaping-sanitation', ...local] },
  { number: 24, section: 8, zh: '提升废旧物资处置水平', en: 'Processing of waste materials',
    lead: ['development-reform', 'commerce'], responsible: ['industry-it', 'ecology-environment', ...local] },
  { number: 25, section: 8, zh: '支持二手商品流通交易', en: 'Trade in second-hand goods',
    lead: ['commerce'], responsible: [...local] },
  { number: 26, section: 8, zh: '推动资源高水平再生利用', en: 'High-level reuse of resources',
    lead: ['development-reform', 'commerce'], responsible: ['industry-it', 'ecology-environment', ...local] },
  // 九、实施标准提升衔接行动
  { number: 27, section: 9, zh: '积极参与国家、省标准制修订', en: 'Take part in national and provincial standards',
    lead: ['market-regulation', 'commerce'], responsible: ['industry-it', 'ecology-environment', ...local] },
  { number: 28, section: 9, zh: '健全制造强市标准体系', en: 'Standards for a manufacturing city',
    lead: ['industry-it', 'market-regulation'], responsible: [...local] },
  { number: 29, section: 9, zh: '加快关键技术领域标准布局', en: 'Standards in key technologies',
    lead: ['market-regulation', 'science-technology'], responsible: [...local] },
  { number: 30, section: 9, zh: '推进先进适用标准衔接', en: 'Align with advanced standards',
    lead: ['market-regulation'],
    responsible: ['industry-it', 'ecology-environment', 'development-reform', 'commerce', ...local] },
  // 十、保障措施
  { number: 31, section: 10, zh: '强化组织领导', en: 'Organisation and leadership',
    lead: ['development-reform'], responsible: ['relevant-departments', ...local] },
  { number: 32, section: 10, zh: '加强财政政策支持', en: 'Fiscal support',
    lead: ['finance'],
    responsible: ['development-reform', 'industry-it', 'ecology-environment', 'transport', 'commerce', ...local] },
  { number: 33, section: 10, zh: '落实税收优惠政策', en: 'Tax incentives',
    lead: ['taxation'], responsible: [...local] },
  { number: 34, section: 10, zh: '优化金融政策供给', en: 'Financial policy',
    lead: ['financial-regulation'], responsible: ['finance', 'development-reform', ...local] },
  { number: 35, section: 10, zh: '强化要素保障', en: 'Land, energy and approvals',
    lead: ['development-reform', 'administrative-approval', 'natural-resources', 'planning-development', 'ecology-environment'],
    responsible: [...local] },
] as const satisfies ReadonlyArray<CatalogueMeasure>

export const measureByNumber: ReadonlyMap<number, CatalogueMeasure> = new Map(measures.map((m) => [m.number, m]))

const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const

/** A number from 1 to 99 as the plan writes it: 一, 十, 十七, 二十, 三十五. */
export const zhNumeral = (n: number): string => {
  if (!Number.isInteger(n) || n < 1 || n > 99) throw new RangeError(`zhNumeral: expected a whole number from 1 to 99, got ${n}`)
  const tens = Math.floor(n / 10)
  const ones = digits[n % 10] ?? ''
  if (tens === 0) return ones
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${ones}`
}
