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
] as const satisfies ReadonlyArray<Metric>

export type MetricName = (typeof metrics)[number]['name']

export const metricByName: ReadonlyMap<string, Metric> = new Map(metrics.map((x) => [x.name, x]))
export const metricByKey: ReadonlyMap<number, Metric> = new Map(metrics.map((x) => [x.key, x]))
