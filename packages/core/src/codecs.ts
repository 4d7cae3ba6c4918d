import * as t from 'io-ts'
import * as E from 'fp-ts/lib/Either.js'
import type { Issue } from './issue.js'
import { keyPath } from './plain.js'
import { parseDate, parseInstant } from './time.js'

/*
 * io-ts codecs for the values events carry. Each codec is named in Chinese
 * and in English by the words that complete "应为…" and "expected …",
 * because that is what a caller reads when a value is refused:
 * "data.totalInvestment: 应为非负整数金额（分），收到 -5 / expected a
 * non-negative amount in 分 (integer), got -5". The io-ts `name` is the
 * English; the Chinese is kept beside it.
 */

/** A codec's name in both languages. */
export interface Wording {
  readonly zh: string
  readonly en: string
}

/** A sentence said once in each language, as every message a person reads is written: `中文 / English`. */
export const said = (w: Wording): string => `${w.zh} / ${w.en}`

/** A message written as `said` writes one, taken apart again to be put inside a longer one (text in one language stands for both). */
export const wordingOf = (message: string): Wording => {
  const i = message.indexOf(' / ')
  return i < 0 ? { zh: message, en: message } : { zh: message.slice(0, i), en: message.slice(i + 3) }
}

/** Keyed by the codec object (io-ts's Decoder, of which every codec is one). */
const zhNames = new WeakMap<object, string>()
const named = <C extends t.Mixed>(codec: C, zh: string): C => {
  zhNames.set(codec, zh)
  return codec
}

const show = (u: unknown): Wording => {
  if (u === undefined) return { zh: '空', en: 'nothing' }
  if (typeof u === 'string') {
    const text = JSON.stringify(u.length > 60 ? `${u.slice(0, 57)}...` : u)
    return { zh: text, en: text }
  }
  if (typeof u === 'number' || typeof u === 'boolean' || u === null) return { zh: String(u), en: String(u) }
  if (Array.isArray(u)) return { zh: '一个列表', en: 'a list' }
  return typeof u === 'object' ? { zh: '一个对象', en: 'an object' } : { zh: typeof u, en: typeof u }
}

/** What a codec expected, in both languages: its Chinese name where it has one (else its English). */
const expectedOf = (codec: t.Decoder<unknown, unknown> | undefined): Wording =>
  codec === undefined ? { zh: '有效值', en: 'a valid value' } : { zh: zhNames.get(codec) ?? codec.name, en: codec.name }

/** A codec built around another (a check of what that one decoded), named as that one is in both languages. */
export const namedAs = <C extends t.Mixed>(codec: C, like: t.Decoder<unknown, unknown>): C => named(codec, expectedOf(like).zh)

/** Chinese words run on from a Chinese word: a space before a Latin letter or a digit, as typesetting has it. */
const after = (zh: string): string => (/^[\x21-\x7e]/.test(zh) ? ` ${zh}` : zh)

/*
 * Codecs whose `is` holds exactly when `validate` succeeds, and which decode a
 * value to itself: for them a struct may check a field with `is`, which
 * allocates nothing, and build io-ts's error report only when it fails.
 */
const exacts = new WeakSet<t.Mixed>([t.unknown, t.UnknownRecord])
const exact = <C extends t.Mixed>(codec: C): C => {
  exacts.add(codec)
  return codec
}
/** A codec's test that a value passes, without building a report. */
const passes = (codec: t.Mixed): ((u: unknown) => boolean) =>
  exacts.has(codec) ? (u) => codec.is(u) : (u) => E.isRight(codec.validate(u, []))

/** A codec from a test on an already-typed value; `reason` may explain a failure better than the name. */
export const refined = <A>(
  name: Wording,
  is: (u: unknown) => u is A,
  reason?: (a: A) => string | undefined,
): t.Type<A, A, unknown> =>
  named(
    exact(
      new t.Type<A, A, unknown>(
        name.en,
      (u): u is A => is(u) && (reason === undefined || reason(u) === undefined),
      (u, c) => {
        if (!is(u)) return t.failure(u, c)
        const why = reason?.(u)
        return why === undefined ? t.success(u) : t.failure(u, c, why)
      },
      t.identity,
      ),
    ),
    name.zh,
  )

const isString = (u: unknown): u is string => typeof u === 'string'
const isNumber = (u: unknown): u is number => typeof u === 'number'

export const NonEmptyString = refined({ zh: '非空文本', en: 'a non-empty text' }, (u): u is string => isString(u) && u.trim().length > 0)

/** Up to `max` characters, not blank. */
export const Text = (max: number): t.Type<string, string, unknown> =>
  refined({ zh: `不超过 ${max} 个字符的非空文本`, en: `a non-empty text of at most ${max} characters` }, (u): u is string => isString(u) && u.trim().length > 0 && u.length <= max)

export const Identifier = refined(
  { zh: '标识（字母、数字及 - _ . : /，1 至 128 个字符）', en: 'an identifier (letters, digits, - _ . : /; 1 to 128 characters)' },
  (u): u is string => isString(u) && /^[\p{L}\p{N}_\-.:/]{1,128}$/u.test(u),
)

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
export const Uuid = refined({ zh: 'UUID，如 0b1e7d4c-3f7a-4c2e-9a55-2f0c6e8b1d90', en: 'a UUID such as 0b1e7d4c-3f7a-4c2e-9a55-2f0c6e8b1d90' }, (u): u is string => isString(u) && UUID.test(u))

/** Money in integer 分 (fen, 0.01 元): exact, never a binary fraction. */
export const Fen = refined({ zh: '非负整数金额（分）', en: 'a non-negative amount in 分 (integer)' }, (u): u is number => isNumber(u) && Number.isSafeInteger(u) && u >= 0)

export const Count = refined({ zh: '非负整数', en: 'a non-negative whole number' }, (u): u is number => isNumber(u) && Number.isSafeInteger(u) && u >= 0)
export const PositiveCount = refined({ zh: '不小于 1 的整数', en: 'a whole number of at least 1' }, (u): u is number => isNumber(u) && Number.isSafeInteger(u) && u >= 1)

/** How many places of decimals a `Decimal` may carry; projections hold decimals as integers scaled by 10^4. */
export const DECIMAL_PLACES = 4
export const DECIMAL_SCALE = 10 ** DECIMAL_PLACES

const DECIMAL = /^(0|[1-9]\d{0,11})(\.\d{1,4})?$/
/** An exact non-negative decimal written as text ("96.5", "2000"), at most 4 places. */
export const Decimal = refined(
  { zh: '以文本书写的非负小数，如 "96.5"（至多 4 位小数）', en: 'a non-negative decimal written as text, e.g. "96.5" (at most 4 decimal places)' },
  (u): u is string => isString(u) && DECIMAL.test(u),
)

/** A decimal's value scaled to an exact integer (×10^4). */
export const scaled = (decimal: string): number => {
  const [whole, frac = ''] = decimal.split('.')
  return Number(whole) * DECIMAL_SCALE + Number(frac.padEnd(DECIMAL_PLACES, '0'))
}

/** Why a reading failed, or nothing where it succeeded: what a refinement's reason answers. */
const whyNot = <A>(read: E.Either<string, A>): string | undefined => (E.isLeft(read) ? read.left : undefined)

/** An ISO-8601 date-time with its offset, as business time is stated. */
export const Instant = refined(
  { zh: '带时区偏移的 ISO-8601 日期时间，如 2025-03-01T09:30:00+08:00', en: 'an ISO-8601 date-time with an offset, e.g. 2025-03-01T09:30:00+08:00' },
  isString,
  (s) => whyNot(parseInstant(s)),
)

/** A calendar date, YYYY-MM-DD. */
export const CalendarDate = refined({ zh: 'YYYY-MM-DD 格式的日期', en: 'a date as YYYY-MM-DD' }, isString, (s) => whyNot(parseDate(s)))

export const Year = refined({ zh: '1950 至 2100 之间的年份', en: 'a year from 1950 to 2100' }, (u): u is number => isNumber(u) && Number.isInteger(u) && u >= 1950 && u <= 2100)

const enumValues = new WeakMap<t.Mixed, ReadonlyArray<string>>()

const oneOf = <K extends string>(what: Wording, keys: ReadonlyArray<K>): t.Type<K, K, unknown> => {
  const set = new Set<string>(keys)
  const shortened = keys.length > 8
  const list = shortened ? `${keys.slice(0, 6).join(', ')}, …` : keys.join(', ')
  const codec = refined({ zh: `${what.zh}，取 ${list}${shortened ? `（共 ${keys.length} 个）` : ' '}之一`, en: `${what.en}: one of ${list}${shortened ? ` (${keys.length} in all)` : ''}` }, (u): u is K => isString(u) && set.has(u))
  enumValues.set(codec, keys)
  return codec
}

/** The words an `Enum` takes, in its order; undefined for any other codec. For forms that offer them (a template's drop-downs). */
export const enumValuesOf = (codec: t.Mixed): ReadonlyArray<string> | undefined => enumValues.get(codec)

/** One of a fixed set of words, named for the error message. */
export const Enum = <K extends string>(what: Wording, keys: ReadonlyArray<K>): t.Type<K, K, unknown> => oneOf(what, keys)

/*
 * The codes a plan defines (its towns, units and sectors) are plain text of
 * one form here: which codes exist is the plan's to say, and the ledger
 * checks each against its plan when it records (`codesIn`, record/codes.ts).
 */
export type CodeKind = 'town' | 'unit' | 'sector'

const CODE = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const CODE_FORM: Wording = { zh: '以 - 连接的小写字母和数字，至多 64 个字符', en: 'lower-case letters and digits joined by -, at most 64 characters' }
const isCode = (u: unknown): u is string => isString(u) && u.length <= 64 && CODE.test(u)
const codeKinds = new WeakMap<t.Mixed, CodeKind>()
/** The kind of plan code a codec takes (a town, a unit, a sector), or undefined where it takes none. */
export const codeKindOf = (codec: t.Mixed): CodeKind | undefined => codeKinds.get(codec)
const planCode = (kind: CodeKind, what: Wording): t.Type<string, string, unknown> => {
  const codec = refined({ zh: `${what.zh}：${CODE_FORM.zh}`, en: `${what.en}: ${CODE_FORM.en}` }, isCode)
  codeKinds.set(codec, kind)
  return codec
}

/** A code of the kind a plan defines, e.g. macun, town-macun, ms-07. */
export const Code = refined({ zh: `代码：${CODE_FORM.zh}`, en: `a code: ${CODE_FORM.en}` }, isCode)
export const TownCodec = planCode('town', { zh: '方案中的镇街代码，如 macun', en: 'a town code (镇街) of the plan, e.g. macun' })
export const UnitCodec = planCode('unit', { zh: '方案中的单位代码，如 commerce', en: 'a unit code of the plan, e.g. commerce' })
export const SectorCodec = planCode('sector', { zh: '方案中的行业代码，如 industry', en: 'a sector code of the plan, e.g. industry' })

export const Bool = refined({ zh: 'true 或 false', en: 'true or false' }, (u): u is boolean => typeof u === 'boolean')

type Props = Record<string, t.Mixed>
type Out<P extends Props> = { readonly [K in keyof P]: t.TypeOf<P[K]> }
export type Fields<R extends Props, O extends Props> = Out<R> & Partial<Out<O>>

/**
 * An object with required and optional fields that refuses fields it does
 * not know: a misspelt field in a ledger is an error, not something to drop.
 */
export const Struct = <R extends Props, O extends Props = Record<never, never>>(
  name: Wording,
  required: R,
  optional?: O,
): t.Type<Fields<R, O>, Fields<R, O>, unknown> => {
  const opt = (optional ?? {}) as Props
  const known = new Set([...Object.keys(required), ...Object.keys(opt)])
  const requiredEntries = Object.entries(required)
  const optionalEntries = Object.entries(opt)
  const requiredKeys = requiredEntries.map(([k]) => k)
  const requiredPass = requiredEntries.map(([, codec]) => passes(codec))
  const optionalKeys = optionalEntries.map(([k]) => k)
  const optionalPass = optionalEntries.map(([, codec]) => passes(codec))
  // the rule, allocation-free: what valid input (the common case) costs
  const is = (u: unknown): u is Fields<R, O> => {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
    const o = u as Record<string, unknown>
    for (const k in o) if (!known.has(k)) return false
    for (let i = 0; i < requiredKeys.length; i++) {
      const v = o[requiredKeys[i] as string]
      if (v === undefined || !(requiredPass[i] as (u: unknown) => boolean)(v)) return false
    }
    for (let i = 0; i < optionalKeys.length; i++) {
      const v = o[optionalKeys[i] as string]
      if (v !== undefined && !(optionalPass[i] as (u: unknown) => boolean)(v)) return false
    }
    return true
  }
  // the same rule again only to say what failed, field by field, once `is` has refused
  const validate = (u: unknown, c: t.Context): t.Validation<Fields<R, O>> => {
    if (is(u)) return t.success(u)
    if (typeof u !== 'object' || u === null || Array.isArray(u)) return t.failure(u, c)
    const o = u as Record<string, unknown>
    const errors: t.Errors = []
    const check = (k: string, codec: t.Mixed): void => {
      const r = codec.validate(o[k], [...c, { key: k, type: codec, actual: o[k] }])
      if (E.isLeft(r)) errors.push(...r.left)
    }
    for (const k in o) {
      if (!known.has(k)) errors.push({ value: o[k], context: [...c, { key: k, type: unknownField, actual: o[k] }], message: `不是${name.zh}的字段 / not a field of ${name.en}` })
    }
    for (const [k, codec] of requiredEntries) {
      if (o[k] === undefined) errors.push({ value: undefined, context: [...c, { key: k, type: codec, actual: undefined }], message: `缺少此项，应为${after(expectedOf(codec).zh)} / missing; expected ${codec.name}` })
      else check(k, codec)
    }
    for (const [k, codec] of optionalEntries) if (o[k] !== undefined) check(k, codec)
    return errors.length > 0 ? t.failures(errors) : t.success(o as Fields<R, O>)
  }
  const codec = named(exact(new t.Type<Fields<R, O>, Fields<R, O>, unknown>(name.en, is, validate, t.identity)), name.zh)
  structFields.set(codec, [...requiredEntries, ...optionalEntries])
  structRequired.set(codec, new Set(requiredKeys))
  return codec
}

const structFields = new WeakMap<t.Mixed, ReadonlyArray<readonly [string, t.Mixed]>>()
const structRequired = new WeakMap<t.Mixed, ReadonlySet<string>>()

/** A field of a `Struct`: its name, its codec, whether it must be given. */
export interface StructField {
  readonly name: string
  readonly codec: t.Mixed
  readonly required: boolean
}

/** The fields of a `Struct`, required ones first, in the order it declares them; undefined for any other codec. For forms that ask for them. */
export const structFieldsOf = (codec: t.Mixed): ReadonlyArray<StructField> | undefined =>
  structFields.get(codec)?.map(([name, field]) => ({ name, codec: field, required: structRequired.get(codec)?.has(name) === true }))

/** Where a codec's values carry a plan's codes: the path of each field, through nested structs. */
const codePaths = (codec: t.Mixed): ReadonlyArray<{ readonly path: ReadonlyArray<string>; readonly kind: CodeKind }> => {
  const kind = codeKinds.get(codec)
  if (kind !== undefined) return [{ path: [], kind }]
  return (structFields.get(codec) ?? []).flatMap(([k, field]) => codePaths(field).map((p) => ({ path: [k, ...p.path], kind: p.kind })))
}
const pathsByCodec = new WeakMap<t.Mixed, ReturnType<typeof codePaths>>()

/** A plan's code in a value, where it stands. */
export interface CodeUse {
  readonly path: ReadonlyArray<string>
  readonly kind: CodeKind
  readonly code: string
}

/** The plan's codes a value decoded by `codec` carries, each with its path: what the ledger checks against its plan. */
export const codesIn = (codec: t.Mixed, value: unknown): ReadonlyArray<CodeUse> => {
  let paths = pathsByCodec.get(codec)
  if (paths === undefined) {
    paths = codePaths(codec)
    pathsByCodec.set(codec, paths)
  }
  return paths.flatMap(({ path, kind }) => {
    const code = path.reduce<unknown>((v, k) => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined), value)
    return typeof code === 'string' ? [{ path, kind, code }] : []
  })
}

const unknownField = new t.Type<never>('no such field', (_u): _u is never => false, (u, c) => t.failure(u, c), t.identity)

/**
 * io-ts errors as issues: the path from the input's root and the reason.
 * A refinement's or a struct's own message is the reason as it stands;
 * otherwise the reason is the expected value and what came instead.
 */
export const toIssues = (errors: t.Errors, prefix: ReadonlyArray<string> = [], index?: number): Issue[] =>
  errors.map((e) => {
    const keys = [...prefix, ...e.context.map((c) => c.key).filter((k) => k !== '')]
    const path = keys.reduce((p, k) => (/^\d+$/.test(k) ? `${p}[${k}]` : keyPath(p, k)), '')
    const expected = expectedOf(e.context[e.context.length - 1]?.type)
    const got = show(e.value)
    return {
      ...(index === undefined ? {} : { index }),
      path: path === '' ? '(input)' : path,
      reason: e.message ?? `应为${after(expected.zh)}，收到 ${got.zh} / expected ${expected.en}, got ${got.en}`,
    }
  })

/** Issues as one clause in each language, each issue at its path: what a message that gives several reasons puts after its colon. */
export const issuesWording = (issues: ReadonlyArray<Issue>): Wording => {
  const each = issues.map((i) => ({ path: i.path, why: wordingOf(i.reason) }))
  return { zh: each.map((i) => `${i.path}：${i.why.zh}`).join('；'), en: each.map((i) => `${i.path}: ${i.why.en}`).join('; ') }
}
