import { codeKindOf, CreditCode, dataCodec, Decimal, enumValuesOf, eventTypes, Identifier, Bool, registry, structFieldsOf, Vin, type CodeKind, type Plan } from '@policy-ledger/core'
import ExcelJS from 'exceljs'
import * as E from 'fp-ts/lib/Either.js'
import { exitStatus, usageFailure, type ExitStatus, type Failure } from '../failure.js'
import { ENVELOPE_ZH, FIELD_ZH, typeOf, VALUE_ZH, type Codec } from '../import/names.js'
import { named, outputTo, replaceWithForce } from '../output.js'
import { planOf, type PlanOptions } from '../plan.js'

/*
 * `policy-ledger template`: the workbook a clerk fills in, one sheet per
 * event type, named by its Chinese title (so the import knows its type
 * from it). Row 1 names each column in Chinese, row 2 in English (the
 * import reads either, and skips row 2), row 3 is an example that imports
 * as it stands. Every column with a closed set of answers (towns, units,
 * sectors, each enumeration, 是/否) has a drop-down of their Chinese names;
 * 发生时间 is formatted as a date and time. A sheet 填写说明 says how to fill
 * it in; the drop-downs' lists stand on a hidden sheet.
 */

export interface TemplateOptions extends PlanOptions {
  readonly out: string
  /** one sheet per event type */
  readonly all?: boolean
  readonly force?: boolean
}

/** Rows a drop-down covers below the header: more than a department fills in one sheet. */
const ROWS = 1000
const FIRST_ROW = 3
const LISTS_SHEET = '选项'
const GUIDE_SHEET = '填写说明'

/** A column of a template: its English and Chinese names, whether it must be filled, its answers (for a drop-down), an example, and what it takes. */
interface TemplateColumn {
  readonly column: string
  readonly zh: string
  readonly required: boolean
  readonly choices?: ReadonlyArray<string>
  readonly example: ExcelJS.CellValue
  readonly takes: string
}

/** Every data field of an event type, nested ones dotted, with its codec and whether it is required. */
const fieldsOf = (codec: Codec, prefix = '', required = true): ReadonlyArray<{ readonly path: string; readonly codec: Codec; readonly required: boolean }> =>
  (structFieldsOf(codec) ?? []).flatMap((f) =>
    structFieldsOf(f.codec) === undefined
      ? [{ path: `${prefix}${f.name}`, codec: f.codec, required: required && f.required }]
      : fieldsOf(f.codec, `${prefix}${f.name}.`, required && f.required),
  )

/** The plan's answers to a kind of code, by their Chinese names. */
const codeChoices = (plan: Plan, kind: CodeKind): ReadonlyArray<string> =>
  kind === 'town' ? plan.towns.map((x) => x.zh) : kind === 'sector' ? plan.sectors.map((x) => x.zh) : plan.recorders.map((x) => x.zh)

/** What a field's codec takes, as a drop-down's answers where the set is closed. */
const choicesOf = (plan: Plan, codec: Codec): ReadonlyArray<string> | undefined => {
  const words = enumValuesOf(codec)
  if (words !== undefined) return words.map((w) => VALUE_ZH[w] ?? w)
  const kind = codeKindOf(codec)
  if (kind !== undefined) return codeChoices(plan, kind)
  return codec === Bool ? ['是', '否'] : undefined
}

/** An example a field's codec takes: the first of its answers, else a value of its kind. */
const exampleOf = (codec: Codec, zh: string, choices: ReadonlyArray<string> | undefined): ExcelJS.CellValue => {
  if (choices !== undefined) return choices[0] ?? ''
  const known = new Map<unknown, ExcelJS.CellValue>([
    [Vin, 'LSVAM4187C0000001'],
    [CreditCode, '913708290000000000'],
    [Identifier, 'EX-001'],
    [Decimal, '1.5'],
  ])
  if (known.has(codec)) return known.get(codec) ?? ''
  // a number (counts, money in 分, years), else text of its own kind (a country, a year as text), else the field's name
  return [1, 2025, 'CN', '2025', `示例${zh}`].find((candidate) => codec.is(candidate)) ?? ''
}

/** A unit that may record facts of this type under the plan: one its recording rules name, else its first. */
const exampleUnit = (plan: Plan, type: string): string => {
  const standIns = new Set([plan.recording?.allTowns, plan.recording?.anyDepartment])
  const measures = plan.recording?.byType[type] ?? []
  const units = measures.flatMap((m) => [...(plan.measureByNumber.get(m)?.lead ?? []), ...(plan.measureByNumber.get(m)?.responsible ?? [])])
  const code = units.find((u) => !standIns.has(u)) ?? plan.units[0]?.code
  return plan.unitByCode.get(code ?? '')?.zh ?? ''
}

/** A sheet's columns: the envelope's a clerk fills in (the id is derived from the source record; the others are for systems), then the event's fields. */
const columnsOf = (plan: Plan, type: string): ReadonlyArray<TemplateColumn> => {
  const envelope: ReadonlyArray<TemplateColumn> = [
    { column: 'occurredAt', zh: ENVELOPE_ZH.occurredAt, required: true, example: new Date(Date.UTC(2025, 2, 3, 9, 30)), takes: '日期或日期时间，北京时间 a date, or a date and time, Asia/Shanghai' },
    { column: 'recordedBy', zh: ENVELOPE_ZH.recordedBy, required: true, choices: codeChoices(plan, 'unit'), example: exampleUnit(plan, type), takes: '填报单位 the unit that records it' },
    { column: 'source.system', zh: ENVELOPE_ZH['source.system'], required: true, example: 'example', takes: '数据来自的系统 the system the row comes from' },
    // the example's own record, so that examples of two types left in two sheets are two events, not one id twice
    { column: 'source.recordId', zh: ENVELOPE_ZH['source.recordId'], required: true, example: `EX-${type}`, takes: '该系统中的记录号，同一记录号只记一次 its record id there: the same one is recorded once' },
  ]
  const data = fieldsOf(dataCodec(type) as Codec).map(({ path, codec, required }): TemplateColumn => {
    const zh = FIELD_ZH[path] ?? path
    const choices = choicesOf(plan, codec)
    return { column: `data.${path}`, zh, required, ...(choices === undefined ? {} : { choices }), example: exampleOf(codec, zh, choices), takes: codec.name }
  })
  return [...envelope, ...data]
}

/** The drop-downs' answers, one list per column of a hidden sheet: the range a list stands at, and the sheet, written once every list is known. */
const dropDownLists = (): { readonly rangeOf: (choices: ReadonlyArray<string>) => string; readonly addSheet: (workbook: ExcelJS.Workbook) => void } => {
  const lists = new Map<string, { readonly column: number; readonly choices: ReadonlyArray<string> }>()
  const letter = (column: number): string => (column <= 26 ? '' : String.fromCharCode(64 + Math.floor((column - 1) / 26))) + String.fromCharCode(65 + ((column - 1) % 26))
  return {
    rangeOf: (choices) => {
      const key = choices.join('\n')
      const list = lists.get(key) ?? { column: lists.size + 1, choices }
      lists.set(key, list)
      const l = letter(list.column)
      return `'${LISTS_SHEET}'!$${l}$1:$${l}$${choices.length}`
    },
    addSheet: (workbook) => {
      const sheet = workbook.addWorksheet(LISTS_SHEET, { state: 'hidden' })
      for (const { column, choices } of lists.values()) choices.forEach((c, i) => (sheet.getCell(i + 1, column).value = c))
    },
  }
}

const GREY = { argb: 'FF808080' }
const REQUIRED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } }
const OPTIONAL_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE2EFDA' } }

const addTypeSheet = (workbook: ExcelJS.Workbook, plan: Plan, type: string, listOf: (choices: ReadonlyArray<string>) => string): void => {
  const title = registry.get(type)?.definition.title.zh ?? type
  const sheet = workbook.addWorksheet(title, { views: [{ state: 'frozen', ySplit: 2 }] })
  const columns = columnsOf(plan, type)
  sheet.addRow(columns.map((c) => c.zh)).font = { bold: true }
  sheet.addRow(columns.map((c) => c.column)).font = { italic: true, color: GREY }
  sheet.addRow(columns.map((c) => c.example))
  columns.forEach((c, i) => {
    const column = sheet.getColumn(i + 1)
    column.width = Math.max(12, c.zh.length * 2 + 4, c.column.length + 2)
    const head = sheet.getCell(1, i + 1)
    head.fill = c.required ? REQUIRED_FILL : OPTIONAL_FILL
    head.note = `${c.required ? '必填 required' : '选填 optional'}: ${c.takes}`
    if (c.column === 'occurredAt') for (let r = FIRST_ROW; r < FIRST_ROW + ROWS; r++) sheet.getCell(r, i + 1).numFmt = 'yyyy-mm-dd hh:mm'
    if (c.choices === undefined) return
    const validation: ExcelJS.DataValidation = {
      type: 'list',
      allowBlank: !c.required,
      formulae: [listOf(c.choices)],
      showErrorMessage: true,
      errorTitle: '请从下拉列表中选择 choose from the list',
      error: `${c.zh}：请从下拉列表中选择 choose one of the list`,
    }
    for (let r = FIRST_ROW; r < FIRST_ROW + ROWS; r++) sheet.getCell(r, i + 1).dataValidation = validation
  })
}

const addGuide = (workbook: ExcelJS.Workbook, plan: Plan, types: ReadonlyArray<string>): void => {
  const sheet = workbook.addWorksheet(GUIDE_SHEET)
  sheet.addRows([
    [`${plan.title.zh}（${plan.document}）事件填报模板 / event template`],
    ['1. 每个工作表填报一类事件，工作表名即事件类型，请勿改名。 / One event type per sheet, named by its title: do not rename it.'],
    ['2. 第 1 行为中文列名，第 2 行为英文字段名，导入时两者皆可识别；请勿修改或删除。 / Row 1 names the columns in Chinese, row 2 in English: leave both as they are.'],
    ['3. 第 3 行是示例，可直接导入；填报前请改写或删除。 / Row 3 is an example that imports as it stands: overwrite or delete it.'],
    ['4. 橙色列必填，绿色列选填；有下拉列表的列请从列表中选择。 / Orange columns are required, green ones optional; where a column has a drop-down, choose from it.'],
    ['5. 发生时间填日期（如 2025年3月3日）或日期时间（北京时间）。 / 发生时间 takes a date or a date and time (Asia/Shanghai).'],
    ['6. 编号、证件号等长数字请先把该列设为"文本"格式再录入，否则 Excel 会改成科学计数法。 / Format a column of long ids as text before entering them, or Excel turns them into scientific notation.'],
    ['7. 金额以"分"为单位（1 元 = 100 分）。 / Amounts are in 分 (1 元 = 100 分).'],
    ['8. 导入：policy-ledger import 本文件.xlsx --db 台账；被拒绝的行写入 本文件.xlsx.rejects.xlsx，附行号与原因，改正后可直接再次导入。 / Import with policy-ledger import FILE.xlsx --db LEDGER; rejected rows go to FILE.xlsx.rejects.xlsx with 行号 and 原因, and import again as they are once mended.'],
    [],
    ['工作表 sheet', '列名 column', '字段 field', '必填 required', '填写要求 what it takes'],
  ])
  sheet.getRow(11).font = { bold: true }
  for (const type of types)
    for (const c of columnsOf(plan, type))
      sheet.addRow([registry.get(type)?.definition.title.zh ?? type, c.zh, c.column, c.required ? '是' : '否', c.choices === undefined ? c.takes : c.choices.join('、')])
  sheet.getColumn(1).width = 24
  sheet.getColumn(2).width = 20
  sheet.getColumn(3).width = 28
  sheet.getColumn(5).width = 80
}

/** The template workbook of these event types: their sheets first (the import reads the first), then 填写说明, then the hidden lists. */
export const templateWorkbook = async (plan: Plan, types: ReadonlyArray<string>): Promise<Uint8Array> => {
  const workbook = new ExcelJS.Workbook()
  workbook.creator = 'policy-ledger'
  const lists = dropDownLists()
  for (const type of types) addTypeSheet(workbook, plan, type, lists.rangeOf)
  addGuide(workbook, plan, types)
  lists.addSheet(workbook)
  return new Uint8Array(await workbook.xlsx.writeBuffer())
}

/** `policy-ledger template <EventType> --out FILE.xlsx`, or `--all` for one sheet per type. */
export const templateCommand = async (type: string | undefined, options: TemplateOptions): Promise<E.Either<Failure, ExitStatus>> => {
  if ((type === undefined) === (options.all !== true)) return E.left(usageFailure('请给出一个事件类型或 --all / give one event type, or --all for every type'))
  const asked = type === undefined ? undefined : typeOf(type)
  if (asked !== undefined && !eventTypes.includes(asked))
    return E.left(usageFailure(`${type} 不是事件类型，应为 docs/events.md 所列的事件类型或其中文名称 / ${type} is not an event type: expected one of ${eventTypes.join(', ')} (or its Chinese title, docs/events.md)`))
  if (!options.out.toLowerCase().endsWith('.xlsx')) return E.left(usageFailure(`--out ${options.out}: 模板是 .xlsx 工作簿 / a template is an .xlsx workbook`))
  const plan = await planOf(options)
  if (E.isLeft(plan)) return plan
  const out = outputTo(named('--out', options.out), { replace: replaceWithForce(options.force) })
  if (E.isLeft(out)) return out
  const types = asked === undefined ? eventTypes : [asked]
  const written = await out.right.emit(await templateWorkbook(plan.right, types))
  if (E.isLeft(written)) return written
  process.stdout.write(`模板 template: ${options.out} · ${types.length} 类事件 event types\n`)
  return E.right(exitStatus.ok)
}
