/*
 * docs/codes.md: every code a caller passes, from the plan value and the
 * codecs themselves, so the page cannot drift from what the ledger accepts.
 *
 *   npx tsx --conditions=@policy-ledger/source scripts/codes.ts   # writes docs/codes.md (also part of `pnpm docs`)
 *
 * tests/codes.test.ts holds the committed page to what this writes.
 *
 * The codecs keep their fields and words to themselves, so they are asked:
 * a struct reads each of its fields from the value it checks (a Proxy
 * records which), a field's codec is the one its error names, a code of
 * the plan is what `codesIn` finds, and an enumeration's words are in its
 * name (`…: one of a, b, c`) or, where the name shortens a long list, the
 * exported list the codec accepts whole.
 */
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as core from '../packages/core/src/index.js'
import { jiaxiang2024 } from '../packages/plan-jiaxiang-2024/src/index.js'

/** An io-ts codec, as core takes one (the root has no io-ts of its own). */
type Codec = Parameters<typeof core.codesIn>[0]

type Kind = { readonly kind: 'enum'; readonly words: ReadonlyArray<string> } | { readonly kind: core.CodeKind }

export interface Field {
  readonly path: ReadonlyArray<string>
  readonly is: Kind
}

const probe = Symbol('probe')

/** The fields a struct codec has, each with its codec; none for any other codec. */
const fieldsOf = (codec: Codec): ReadonlyArray<readonly [string, Codec]> => {
  const read: string[] = []
  const recorder = new Proxy({}, { get: (_, key) => (typeof key === 'string' && !read.includes(key) ? void read.push(key) : undefined) })
  codec.validate(recorder, [])
  const checked = codec.validate(Object.fromEntries(read.map((k) => [k, probe])), [])
  const codecs = new Map<string, Codec>()
  if (checked._tag === 'Left') for (const { context } of checked.left) if (context[0] !== undefined) codecs.set(context[0].key, context[0].type as Codec)
  return read.flatMap((k) => (codecs.has(k) ? [[k, codecs.get(k) as Codec] as const] : []))
}

const lists = Object.values(core).filter(
  (v): v is ReadonlyArray<string> => Array.isArray(v) && v.length > 0 && v.every((w) => typeof w === 'string'),
)

/** An enumeration's words, or undefined for a codec that is none. */
const wordsOf = (codec: Codec): ReadonlyArray<string> | undefined => {
  const listed = /: one of (.*)$/.exec(codec.name)?.[1]
  if (listed === undefined) return undefined
  const long = /^(.*), … \((\d+) in all\)$/.exec(listed)
  if (long === null) return listed.split(', ')
  const [, head = '', count] = long
  const found = lists.filter((l) => l.length === Number(count) && l.join(', ').startsWith(head) && l.every((w) => codec.is(w)))
  if (found.length !== 1) throw new Error(`${codec.name}: ${found.length} exported lists fit it, not one`)
  return found[0]
}

/** The fields of an event's data that take a code or a word from a fixed list, through nested structs. */
export const enumerated = (codec: Codec, path: ReadonlyArray<string> = []): ReadonlyArray<Field> =>
  fieldsOf(codec).flatMap(([key, field]): ReadonlyArray<Field> => {
    const at = [...path, key]
    const code = core.codesIn(field, 'probe')[0]
    if (code !== undefined && code.path.length === 0) return [{ path: at, is: { kind: code.kind } }]
    const words = wordsOf(field)
    return words !== undefined ? [{ path: at, is: { kind: 'enum', words } }] : enumerated(field, at)
  })

const cell = (s: string): string => s.replaceAll('|', '\\|')
const row = (...cells: ReadonlyArray<string>): string => `| ${cells.map(cell).join(' | ')} |`
const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>): string =>
  [row(...head), row(...head.map(() => '---')), ...rows.map((r) => row(...r))].join('\n')

const codeWords: Readonly<Record<core.CodeKind, string>> = {
  unit: '单位代码，见[单位](#units) a unit code, see [units](#units)',
  town: '镇街代码，见[镇街](#towns) a town code, see [towns](#towns)',
  sector: '行业代码，见[行业](#sectors) a sector code, see [sectors](#sectors)',
}

const townKinds: Readonly<Record<core.TownKind, string>> = {
  subdistrict: '街道 subdistrict',
  town: '镇 town',
  township: '乡 township',
  'development-zone': '开发区 development zone',
}

export interface Documented {
  readonly type: string
  readonly title: { readonly zh: string; readonly en: string }
  readonly data: Codec
}

/** Every event type a caller records: the domain's, then the corrections. */
export const documented: ReadonlyArray<Documented> = [...[...core.registry.values()].map((r) => r.definition), ...core.corrections.values()]

export const codesPage = (plan: core.Plan): string => {
  const events = documented
  const parts = [
    '# 代码表 · Codes',
    '',
    `调用方传入的每一个代码：${plan.title.zh}（${plan.document}）的单位、镇街和行业，事件类型，以及每个事件中取值固定的字段。`,
    `Every code a caller passes: the units, towns and sectors of ${plan.document}, the event types, and each event's fields whose values are fixed.`,
    '',
    '本页由 `scripts/codes.ts` 从方案和编解码器生成，请勿手改；`tests/codes.test.ts` 检查它与生成结果一致。',
    'Generated by `scripts/codes.ts` from the plan and the codecs (`pnpm docs`); do not edit by hand: `tests/codes.test.ts` checks it is what the script writes.',
    '',
    '<a id="units"></a>',
    '## 单位 Units',
    '',
    '`recordedBy`、更正的 `responsibleUnit` 及方案的牵头、责任单位。The code in `recordedBy`, a correction\'s `responsibleUnit`, and the plan\'s lead and responsible units.',
    '',
    table(
      ['code', '中文', 'English', '又称 also written'],
      plan.units.map((u) => [`\`${u.code}\``, u.zh, u.en, (u.aliases ?? []).join('、')]),
    ),
    '',
    '<a id="towns"></a>',
    '## 镇街 Towns',
    '',
    '事件 `data.town` 的取值。What `data.town` takes.',
    '',
    table(['code', '中文', 'English', '类别 kind'], plan.towns.map((t) => [`\`${t.code}\``, t.zh, t.en, townKinds[t.kind]])),
    '',
    '<a id="sectors"></a>',
    '## 行业 Sectors',
    '',
    '事件 `data.sector` 的取值。What `data.sector` takes.',
    '',
    table(
      ['code', '中文', 'English', '上级 within'],
      plan.sectors.map((s) => [`\`${s.code}\``, s.zh, s.en, s.parent === undefined ? '' : `\`${s.parent}\``]),
    ),
    '',
    '## 事件类型 Event types',
    '',
    '`type` 的取值；字段及其含义见 [docs/events.md](events.md)。What `type` takes; every field and its meaning: [docs/events.md](events.md).',
    '',
    table(['type', '中文', 'English'], events.map((e) => [`\`${e.type}\``, e.title.zh, e.title.en])),
    '',
    '## 取值固定的字段 Enumerated fields',
    '',
    '每个事件 `data` 中只接受所列之一的字段。The fields of each event\'s `data` that take one of the values listed.',
    ...events.flatMap((e) => {
      const fields = enumerated(e.data)
      return fields.length === 0
        ? []
        : [
            '',
            `### \`${e.type}\` ${e.title.zh} · ${e.title.en}`,
            '',
            table(
              ['field', '取值 values'],
              fields.map((f) => [
                `\`${f.path.join('.')}\``,
                f.is.kind === 'enum' ? f.is.words.map((w) => `\`${w}\``).join(' · ') : codeWords[f.is.kind],
              ]),
            ),
          ]
    }),
  ]
  return `${parts.join('\n')}\n`
}

export const codesFile = fileURLToPath(new URL('../docs/codes.md', import.meta.url))

if (process.argv[1] === fileURLToPath(import.meta.url)) writeFileSync(codesFile, codesPage(jiaxiang2024))
