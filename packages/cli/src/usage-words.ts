/*
 * Commander's own words — its usage errors and the titles of its help — in
 * Chinese first, with its English after, as every other message of the
 * command is. Commander words each error in one fixed English sentence per
 * kind; each kind is matched here once, and a sentence no pattern knows is
 * passed on as it is rather than guessed at.
 */

/** A kind of Commander's sentence: its pattern, and the Chinese of it (the English follows), or the whole line where the reason is bilingual already. */
interface Sentence {
  readonly pattern: RegExp
  readonly zh: (...parts: ReadonlyArray<string>) => string
  /** the reason is our own, in Chinese and English already: Commander's English frame would only repeat it */
  readonly whole?: true
}

const sentences: ReadonlyArray<Sentence> = [
  { pattern: /^error: unknown option '(.+)'$/, zh: (o) => `未知选项 ${o}` },
  { pattern: /^error: unknown command '(.+)'$/, zh: (c) => `未知命令 ${c}` },
  { pattern: /^error: required option '(.+)' not specified$/, zh: (o) => `缺少必需的选项 ${o}` },
  { pattern: /^error: missing required argument '(.+)'$/, zh: (a) => `缺少必需的参数 ${a}` },
  { pattern: /^error: option '(.+)' argument missing$/, zh: (o) => `选项 ${o} 缺少取值` },
  { pattern: /^error: option '(.+)' argument '(.*)' is invalid\. Allowed choices are (.+)\.$/s, zh: (o, v, c) => `选项 ${o} 的取值 '${v}' 无效，可选：${c}` },
  { pattern: /^error: option '(.+?)' argument '(.*?)' is invalid\. (.+)$/s, zh: (o, v, why) => `${o} '${v}'：${why}`, whole: true },
  { pattern: /^error: command-argument value '(.*?)' is invalid for argument '(.+?)'\. (.+)$/s, zh: (v, a, why) => `${a} '${v}'：${why}`, whole: true },
  {
    pattern: /^error: too many arguments(?: for '(.+)')?\. Expected (\d+) arguments? but got (\d+): (.+)\.$/s,
    zh: (c, n, got) => `${c === '' ? '' : `${c} 的`}参数过多：应为 ${n} 个，收到 ${got} 个`,
  },
  { pattern: /^error: (.+) cannot be used with (.+)$/, zh: (a, b) => `${a} 不能与 ${b} 同时使用` },
  { pattern: /^\(Did you mean (.+)\?\)$/, zh: (s) => `是否指 ${s}？` },
]

/** One of Commander's lines, Chinese first: `错误：未知选项 '--x' / error: unknown option '--x'`. */
const zhFirst = (line: string): string => {
  for (const { pattern, zh, whole } of sentences) {
    const m = pattern.exec(line)
    if (m === null) continue
    const said = zh(...m.slice(1).map((p) => p ?? ''))
    if (whole === true) return `错误：${said}`
    return line.startsWith('error: ') ? `错误：${said} / ${line}` : `${said} ${line}`
  }
  return line
}

/** Commander's error text (one or more lines), each line Chinese first. */
export const usageWords = (text: string): string =>
  text
    .split('\n')
    .map((line) => zhFirst(line))
    .join('\n')

const titles: Readonly<Record<string, string>> = {
  'Usage:': '用法 Usage:',
  'Arguments:': '参数 Arguments:',
  'Options:': '选项 Options:',
  'Global Options:': '全局选项 Global Options:',
  'Commands:': '命令 Commands:',
}

/** Said after a usage error, by Commander itself. */
export const helpAfterError = '（用 --help 查看用法 run with --help for usage）'

/** A title of the help (`Usage:`, `Options:` …), Chinese first. */
export const helpTitle = (title: string): string => titles[title] ?? title
