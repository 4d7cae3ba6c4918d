import { dataCodec, registry, structFieldsOf, type Plan } from '@policy-ledger/core'

/*
 * The names a clerk reads and writes: each column of an event file, each
 * word of an enumeration, each event type, in Chinese. One table each, read
 * by the import (a header or a cell may give the Chinese or the English) and
 * written by `template`, so that what a template offers the import takes.
 */

/** The envelope's columns, in the order a template lists them. */
export const ENVELOPE_ZH = {
  type: '事件类型',
  id: '事件编号',
  occurredAt: '发生时间',
  recordedBy: '填报单位',
  'source.system': '来源系统',
  'source.recordId': '来源记录号',
  correlationId: '关联编号',
  causationId: '起因编号',
  expectedRevision: '预期版本',
} as const

/** Each data field by its path (nested ones dotted), whatever event type it stands in: one name means one field. */
export const FIELD_ZH: Readonly<Record<string, string>> = {
  vin: '车辆识别代号',
  category: '类别',
  fuelType: '燃料类型',
  emissionStandard: '排放标准',
  use: '使用性质',
  town: '镇街',
  plate: '号牌号码',
  reason: '事由',
  'recycler.name': '回收拆解企业名称',
  'recycler.licence': '回收拆解企业资质编号',
  'dealer.name': '销售企业名称',
  'dealer.licence': '销售企业资质编号',
  price: '价格（分）',
  'market.name': '交易市场名称',
  'market.licence': '交易市场资质编号',
  'exporter.name': '出口企业名称',
  'exporter.licence': '出口企业资质编号',
  destination: '目的国代码',
  value: '数值',
  purchaser: '购置单位',
  kind: '种类',
  specialPurposeExempt: '是否特殊工作要求',
  busPurchase: '公交车购置方式',
  projectId: '项目编号',
  name: '名称',
  'enterprise.name': '企业名称',
  'enterprise.creditCode': '统一社会信用代码',
  sector: '行业',
  totalInvestment: '总投资（分）',
  recordId: '业务记录号',
  quantity: '数量',
  investment: '投资额（分）',
  efficiencyBefore: '更新前能效等级',
  efficiencyAfter: '更新后能效等级',
  enterpriseId: '企业编号',
  lineId: '生产线编号',
  capacity: '产能',
  capacityUnit: '产能单位',
  energyLevel: '能效水平',
  envGrade: '环保绩效等级',
  'collector.name': '回收单位名称',
  'collector.licence': '回收单位资质编号',
  'retailer.name': '销售商名称',
  subsidy: '补贴金额（分）',
  restaurant: '餐饮单位名称',
  method: '方式',
  pileId: '充电桩编号',
  stationId: '站点编号',
  operator: '运营单位',
  public: '是否公用',
  fast: '是否快充',
  powerKw: '功率（千瓦）',
  compoundId: '小区编号',
  compound: '小区名称',
  spaces: '停车位数',
  withCharging: '已建充电设施车位数',
  readyForCharging: '预留充电条件车位数',
  facilityId: '设施编号',
  petaflops: '算力（PFlops）',
  subjectId: '认定对象编号',
  subject: '认定对象',
  level: '级别',
  certificate: '证书编号',
  renewalNeeded: '是否需要更新',
  itemsInScope: '纳入更新数量',
  items: '更新数量',
  eventId: '活动编号',
  rural: '是否在农村',
  machineType: '机具品目',
  beidou: '是否北斗终端',
  dryerId: '烘干设备编号',
  to: '改造后热源',
  shipId: '船舶编号',
  builtYear: '建造年份',
  grossTonnage: '总吨位',
  inland: '是否内河船舶',
  milestone: '里程碑',
  evidence: '佐证材料',
  statistic: '统计指标',
  period: '报告期（年）',
  source: '数据来源',
}

/** Each word of the events' enumerations, in Chinese; a word that stands in several means the same in each. */
export const VALUE_ZH: Readonly<Record<string, string>> = {
  'passenger-car': '小型客车',
  bus: '大中型客车',
  'goods-vehicle': '货车',
  'special-purpose': '专项作业车',
  other: '其他',
  petrol: '汽油',
  diesel: '柴油',
  bev: '纯电动',
  phev: '插电式混合动力',
  fcev: '燃料电池',
  hev: '油电混合动力',
  'natural-gas': '天然气',
  'china-1': '国一',
  'china-2': '国二',
  'china-3': '国三',
  'china-4': '国四',
  'china-5': '国五',
  'china-6a': '国六a',
  'china-6b': '国六b',
  none: '无排放',
  commercial: '营运',
  'non-commercial': '非营运',
  scrapped: '报废',
  'transferred-out': '转出',
  exported: '出口',
  'official-car': '公务用车',
  new: '新增',
  replacement: '更新',
  'grade-1': '一级',
  'grade-2': '二级',
  'grade-3': '三级',
  'grade-4': '四级',
  'grade-5': '五级',
  benchmark: '标杆水平',
  baseline: '基准水平',
  'below-baseline': '低于基准水平',
  A: 'A级',
  B: 'B级',
  C: 'C级',
  D: 'D级',
  refrigerator: '电冰箱',
  'washing-machine': '洗衣机',
  'air-conditioner': '空调',
  television: '电视机',
  computer: '电脑',
  unspecified: '未分类',
  retrofit: '加装熄火保护装置',
  'trade-in': '以旧换新',
  'china-mobile': '中国移动',
  'china-unicom': '中国联通',
  'china-telecom': '中国电信',
  'china-broadnet': '中国广电',
  'green-factory': '绿色工厂',
  'smart-factory': '智能工厂',
  'digital-workshop': '数字化车间',
  'smart-scenario': '智能制造场景',
  'smart-agri-base': '智慧农业基地',
  'pilot-base': '试点基地',
  county: '县级',
  municipal: '市级',
  provincial: '省级',
  national: '国家级',
  'village-clinic': '村卫生室',
  'urban-sewage-plant': '城镇污水处理厂',
  'scenic-site-a': 'A级景区',
  'scenic-site-2a': '2A级景区',
  'scenic-site-3a': '3A级景区',
  'scenic-site-4a': '4A级景区',
  'scenic-site-5a': '5A级景区',
  'performance-venue': '演出场馆',
  'vocational-school': '职业院校',
  'media-centre': '融媒体中心',
  'nev-exhibition': '新能源汽车展销会',
  'appliance-promotion': '家电促销活动',
  'home-furnishing': '家装家居促销活动',
  biomass: '生物质',
  electric: '电',
  'heat-pump': '热泵',
  passenger: '客船',
  cargo: '货船',
  'smart-tourism-platform': '智慧旅游平台',
  'digital-rd-tool-penetration': '数字化研发设计工具普及率',
  'key-process-cnc-rate': '关键工序数控化率',
  'rd-active-enterprise-share': '有研发活动企业占比',
  'mechanisation-rate': '农作物耕种收综合机械化率',
  'high-end-equipment-revenue': '高端装备营业收入',
  'equipment-investment': '设备购置投资',
}

const DATA = 'data.'

/** The columns a rejects file adds before a sheet's own: where each row stood, and why it was refused. */
export const REJECTS_COLUMNS: ReadonlyArray<string> = ['行号', '原因']

/** Every column an event's input may have, English: the envelope's and `data.<field>`. */
export type Column = string

const columnByZh: ReadonlyMap<string, Column> = new Map([
  ...Object.entries(ENVELOPE_ZH).map(([column, zh]): [string, Column] => [zh, column]),
  ...Object.entries(FIELD_ZH).map(([path, zh]): [string, Column] => [zh, `${DATA}${path}`]),
])

/** The English column a header cell names, by its Chinese name; a cell that is no Chinese name stands as written. */
export const columnOf = (cell: string): Column => columnByZh.get(cell) ?? cell

/** A column's Chinese name, where the tables have one. */
export const zhOfColumn = (column: Column): string | undefined =>
  column.startsWith(DATA) ? FIELD_ZH[column.slice(DATA.length)] : (ENVELOPE_ZH as Readonly<Record<string, string>>)[column]

const typeByTitle: ReadonlyMap<string, string> = new Map([...registry].map(([type, r]) => [r.definition.title.zh, type]))

/** An event type by its name or its Chinese title (机动车注册登记). */
export const typeOf = (cell: string): string => typeByTitle.get(cell) ?? cell

/** A codec of the ledger's, as core gives them. */
export type Codec = NonNullable<ReturnType<typeof dataCodec>>

/** The codec of an event type's data field at a (dotted) path, through nested structs. */
export const fieldCodec = (type: string, path: string): Codec | undefined =>
  path
    .split('.')
    .reduce<Codec | undefined>((codec, key) => (codec === undefined ? undefined : structFieldsOf(codec)?.find((f) => f.name === key)?.codec), dataCodec(type))

/** The names by which a plan's towns, units and sectors may be given, each to its code. */
export interface PlanNames {
  readonly town: ReadonlyMap<string, string>
  readonly unit: ReadonlyMap<string, string>
  readonly sector: ReadonlyMap<string, string>
}

/**
 * A plan's Chinese names: a town or sector by its name, a unit by its name,
 * any other spelling the plan gives it, or its name without 县 (商务局 for
 * 县商务局) where no other unit is so named.
 */
export const planNames = (plan: Plan): PlanNames => ({
  town: new Map(plan.towns.map((x) => [x.zh, x.code])),
  sector: new Map(plan.sectors.map((x) => [x.zh, x.code])),
  unit: new Map(
    plan.recorders.flatMap((u) => [
      ...(u.zh.startsWith('县') ? [[u.zh.slice(1), u.code] as const] : []),
      ...(u.aliases ?? []).map((a) => [a, u.code] as const),
      [u.zh, u.code] as const,
    ]),
  ),
})
