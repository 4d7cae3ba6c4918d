import { Command, Option, type OutputConfiguration } from 'commander'
import { createRequire } from 'node:module'
import stringWidth from 'string-width'
import type * as E from 'fp-ts/lib/Either.js'
import type { ExitStatus, Failure } from './failure.js'
import type { DemoOptions } from './commands/demo.js'
import type { ExportOptions } from './commands/export.js'
import type { ImportOptions } from './commands/import.js'
import type { TemplateOptions } from './commands/template.js'
import type { ReportOptions } from './commands/report.js'
import type { BundleOptions } from './commands/bundle.js'
import type { CheckpointCommandOptions } from './commands/checkpoint.js'
import type { CorrectOptions } from './commands/correct.js'
import type { DiffOptions } from './commands/diff.js'
import type { KeygenOptions } from './commands/keygen.js'
import type { LineageOptions } from './commands/lineage.js'
import type { VerifyOptions } from './commands/verify.js'
import type { CorrectionOptions } from './commands/void.js'
import type { CopyOptions } from './commands/copy.js'
import type { MigrateOptions } from './commands/migrate.js'
import type { RecordsOptions } from './commands/records.js'
import { auditFormats, exportFormats, keyAlgorithms, reportFormats, viewFormats } from './formats.js'
import { calendarOption, positiveOption, readCalendarOptions, yearOption } from './options.js'
import { helpAfterError, helpTitle, usageWords } from './usage-words.js'

/** The command's version: its package's, read where the package is (from the sources or from dist alike). */
const { version } = createRequire(import.meta.url)('../package.json') as { readonly version: string }

/** What every command's action ends in: an exit status, or a failure to tell in one sentence. */
type Outcome = Promise<E.Either<Failure, ExitStatus>>

const dbOption = (): Option =>
  new Option('--db <FILE|URL>', '台账 the ledger: an SQLite file path, a postgres:// (postgresql://) URL or an esdb:// connection string').makeOptionMandatory()

/* Options several commands share, declared once so that they read and check the same everywhere. */
const yearOpt = (): Option => new Option('--year <YYYY>', '年度 the year to report (default: the latest plan year with data)').argParser(yearOption)
const occurredByOpt = (): Option =>
  calendarOption(new Option('--occurred-by <DATE>', '发生截至 count facts that occurred on or before this day, YYYY-MM-DD, Asia/Shanghai'), 'day')
const instant = 'an ISO date-time with offset, or a date (the end of that day, Asia/Shanghai)'
const knownAtOpt = (): Option => calendarOption(new Option('--known-at <DATETIME>', `已知截至 what the ledger knew then: ${instant}`), 'moment')
const reportFormatOpt = (): Option => new Option('--format <FORMAT>', '格式 output format').choices(reportFormats).default('table')
const compiledByOpt = (): Option => new Option('--compiled-by <单位>', '制表单位 who compiled the report, named on every printed page of --format html (e.g. 县发展改革局)')
const compiledOnOpt = (): Option =>
  calendarOption(new Option('--compiled-on <DATE>', '制表日期 the day the report is dated, YYYY-MM-DD (default today, Asia/Shanghai), on every printed page of --format html'), 'day')
const auditFormatOpt = (): Option => new Option('--format <FORMAT>', '格式 output format').choices(auditFormats).default('table')
const viewFormatOpt = (): Option => new Option('--format <FORMAT>', '格式 output format').choices(viewFormats).default('table')
const outOpt = (): Option => new Option('--out <FILE>', '输出文件 write to this file instead of stdout; never the ledger, an input or a symbolic link, and a file already there only with --force')
const forceOpt = (what = '--out'): Option => new Option('--force', `覆盖 replace a plain file already at ${what} (never the ledger or an input)`)
const checkpointsOpt = (what: string): Option => new Option('--checkpoints <FILE>', `签名检查点 the signed checkpoints (NDJSON, kept apart from the ledger) ${what}; with --key`)
const publicKeyOpt = (): Option => new Option('--key <PUBLIC.pem>', '公钥 the public key that checks the checkpoints\' signatures, obtained apart from the ledger')
const verifyFirstOpt = (): Option =>
  new Option('--verify', '先校验 verify the whole ledger first (its chain and every delta derived again) and print nothing unless it verifies; the verdict goes to stderr')
const unitOpt = (flags: string, description: string): Option => new Option(flags, `${description}; a unit code of the plan (--plan)`)
const planOpt = (): Option =>
  new Option('--plan <FILE>', '方案 the plan file (JSON, docs/plans.md) the ledger records and reads under, checked before the ledger is opened (default: 嘉政发〔2024〕5号, Jiaxiang\'s)')
const signKeyOpt = (what: string): Option => new Option('--sign-key <PRIVATE.pem>', `签名 a department's private key (keygen --alg ed25519|sm2): ${what}`)

/** Each command's help ends with two or three of it as a person would type them (a test holds every option in them to the command's own). */
export const commandExamples: Readonly<Record<string, ReadonlyArray<string>>> = {
  demo: ['demo', 'demo --db /tmp/jiaxiang-demo.db', 'demo --scale 0.1'],
  import: ['import --db county.db VehicleScrapped.csv', 'import --db county.db 报废汽车回收.xlsx', 'import --db county.db facts.jsonl --rejects rejected.jsonl'],
  template: ['template VehicleScrapped --out 报废汽车回收.xlsx', 'template --all --out 填报模板.xlsx'],
  report: [
    'report --db jiaxiang-demo.db --year 2025',
    'report --db jiaxiang-demo.db --year 2025 --format html --compiled-by 县商务局 --out report-2025.html',
    'report --db jiaxiang-demo.db --year 2025 --by town --format csv --out towns.csv',
  ],
  asof: ['asof --db jiaxiang-demo.db --known-at 2025-06-30 --year 2025', 'asof --db jiaxiang-demo.db --known-at 2026年1月15日 --occurred-by 2025-12-31 --format json'],
  diff: [
    'diff --db jiaxiang-demo.db --from 2025-06-30 --to 2025-12-31 --year 2025',
    'diff --db jiaxiang-demo.db --from 2025-06-30 --indicator vehicles.nev-fleet --format csv --out nev.csv',
  ],
  lineage: ['lineage vehicles.nev-fleet --db jiaxiang-demo.db --year 2025', 'lineage vehicles.nev-fleet --db jiaxiang-demo.db --year 2025 --format csv --out nev-fleet.csv'],
  show: ['show 1024 --db jiaxiang-demo.db', 'show 1024 --db jiaxiang-demo.db --format json --out entry-1024.json'],
  history: ['history LSVAM4AAAAAAAAA8B --db jiaxiang-demo.db', 'history vehicle-LSVAM4AAAAAAAAA8B --db jiaxiang-demo.db --format json --out car.json'],
  verify: ['verify --db jiaxiang-demo.db', 'verify --db jiaxiang-demo.db --checkpoints checkpoints.ndjson --key county.pub.pem'],
  copy: ['copy --from jiaxiang-demo.db --to postgres://ledger@db.county.local/jiaxiang', 'copy --from county.db --to county-copy.db'],
  migrate: ['migrate --db older.db', 'migrate --db postgres://ledger@db.county.local/jiaxiang'],
  keygen: ['keygen --out-private county.pem --out-public county.pub.pem', 'keygen --alg sm2 --out-private commerce.pem --out-public commerce.pub.pem'],
  checkpoint: ['checkpoint --db jiaxiang-demo.db --key county.pem --out checkpoints.ndjson', 'checkpoint --db jiaxiang-demo.db --key county.pem --out checkpoints.ndjson --month-ends'],
  bundle: ['bundle --db jiaxiang-demo.db --out bundle-2025', 'bundle --db jiaxiang-demo.db --out bundle-2025 --checkpoints checkpoints.ndjson --key county.pub.pem'],
  void: [
    'void --db county.db --id 0193f0c2-7a41-7c3e-9b2a-5d1e8f3a6b70 --entry 0193e4a1-2b6c-7d8e-8f90-a1b2c3d4e5f6 --reason 重复填报 --recorded-by commerce',
    'void --db county.db --id 0193f0c2-7a41-7c3e-9b2a-5d1e8f3a6b72 --entry 0193e4a1-2b6c-7d8e-8f90-a1b2c3d4e5f7 --reason 非本县车辆 --recorded-by public-security --sign-key public-security.pem',
  ],
  correct: [
    'correct --db county.db --id 0193f0c2-7a41-7c3e-9b2a-5d1e8f3a6b71 --entry 0193e4a1-2b6c-7d8e-8f90-a1b2c3d4e5f6 --reason 金额填错 --recorded-by commerce --data @corrected.json',
    'correct --db county.db --id 0193f0c2-7a41-7c3e-9b2a-5d1e8f3a6b73 --entry 0193e4a1-2b6c-7d8e-8f90-a1b2c3d4e5f8 --reason 回收企业名称有误 --recorded-by commerce --responsible commerce --data @fixed.json',
  ],
  export: ['export --db jiaxiang-demo.db --format ndjson --out entries.ndjson', 'export --db jiaxiang-demo.db --format xlsx --out indicators.xlsx', 'export --db jiaxiang-demo.db --format open-sdg --out open-sdg/'],
}

const examplesOf = (command: string): string => `\n示例 Examples:\n${(commandExamples[command] ?? []).map((line) => `  policy-ledger ${line}`).join('\n')}\n`

const exitStatuses = `
退出状态 Exit status:
  0  成功 ok
  1  有被拒绝的行，或台账校验未通过 lines rejected, or the ledger does not verify
  2  用法错误、输入文件不可用，或输出被拒绝、无法写入（未做任何事） usage error, an input file missing or unusable, or an output refused or not writable (nothing done)
  3  存储不可达或不是台账 the store cannot be reached, or --db is not a ledger
  4  意外错误（请报告） an unexpected error (please report it)
`

/**
 * The `policy-ledger` command. Each command's module is imported when it
 * runs, so that `verify` does not pay for loading the workbook and chart
 * libraries that `report` needs.
 */
export const program = (settle: (outcome: E.Either<Failure, ExitStatus>) => void, output?: OutputConfiguration): Command => {
  const run = (outcome: () => Outcome) => async (): Promise<void> => settle(await outcome())
  const cli = new Command('policy-ledger')
    .description(
      '嘉祥县设备更新和消费品以旧换新工作方案（嘉政发〔2024〕5号）事实台账。\nThe ledger of facts behind Jiaxiang County\'s equipment-renewal and trade-in plan: record, report, verify, export.',
    )
    .version(`policy-ledger ${version}`, '-V, --version', '版本 print the version')
    .addHelpText('after', exitStatuses)
    .helpOption('-h, --help', '帮助 display help for the command')
    .helpCommand('help [command]', '帮助 display help for a command')
    .configureHelp({ styleTitle: helpTitle, displayWidth: stringWidth })
    .showHelpAfterError(helpAfterError)
    .exitOverride()
    .hook('preAction', (_, command) => readCalendarOptions(command))
    // set before the commands are added, which take them from here
    .configureOutput({ ...output, outputError: (text, write) => write(usageWords(text)) })

  cli
    .command('demo')
    .description('演示：由合成的嘉祥县数据（2023 基期至 2027）生成 SQLite 台账并打印进展报告。\nBuild an SQLite ledger from the synthetic Jiaxiang dataset (2023 baseline to 2027) and print the progress report against the plan\'s targets.')
    .option('--db <FILE>', '台账文件 the SQLite file to build; a ledger left by an earlier run is replaced, any other file is refused', 'jiaxiang-demo.db')
    .option('--scale <N>', '规模 multiply the synthetic county\'s volumes (default 1, about 290,000 events)', positiveOption)
    .action((o: DemoOptions) =>
      run(async () => (await import('./commands/demo.js')).demoCommand(o))(),
    )

  cli
    .command('import')
    .description('导入：记录 JSON Lines（每行一个 RecordInput，或 export 导出的条目）和按事件类型的 CSV、XLSX 文件（列名可用中文）。\nRecord events from JSON Lines files (one RecordInput per line, or entries from `export --format ndjson`) and CSV or XLSX sheets, their columns named in English or Chinese (see docs/cli.md for the columns).')
    .argument('<FILE...>', '.jsonl / .ndjson / .csv / .xlsx files')
    .addOption(dbOption())
    .option('--rejects <FILE>', '被拒绝的行写入此文件 write all rejected lines here, as JSON Lines (default: beside each input in its own format, <file>.rejects.jsonl, .csv or .xlsx); checked before anything is recorded')
    .addOption(forceOpt('--rejects or <file>.rejects.*'))
    .addOption(signKeyOpt('every line is signed with it, as a principal acting for --acts-for'))
    .option('--acts-for <UNITS>', '代表单位 the units the key\'s holder acts for, comma-separated (with --sign-key): a line recorded by any other is refused')
    .addOption(planOpt())
    .action((files: string[], o: ImportOptions) =>
      run(async () => (await import('./commands/import.js')).importFiles(files, o))(),
    )

  cli
    .command('template')
    .description('填报模板：生成供各部门填写的 XLSX 工作簿，中文列名、下拉选项、示例行和填写说明，填好后可直接 import。\nA workbook for departments to fill in and import as it is: Chinese headers with the English under them, drop-downs, an example row and a sheet of instructions.')
    .argument('[EVENT-TYPE]', '事件类型 an event type of docs/events.md, or its Chinese title')
    .option('--all', '全部 one sheet per event type')
    .addOption(new Option('--out <FILE.xlsx>', '输出文件 the workbook to write; a file already there only with --force').makeOptionMandatory())
    .addOption(forceOpt())
    .addOption(planOpt())
    .action((type: string | undefined, o: TemplateOptions) => run(async () => (await import('./commands/template.js')).templateCommand(type, o))())

  cli
    .command('report')
    .description('报告：各指标的数值及其相对方案目标的进展。\nThe progress report: every indicator\'s value against the plan\'s targets.')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(yearOpt())
    .addOption(occurredByOpt())
    .addOption(knownAtOpt())
    .addOption(
      new Option('--by <PART>', '分解 break every indicator down by town 镇街, recording unit 填报单位 or sector 行业: the breakdown itself as table, json or csv; beside the report in xlsx and html').choices([
        'town',
        'unit',
        'sector',
      ]),
    )
    .addOption(reportFormatOpt())
    .addOption(compiledByOpt())
    .addOption(compiledOnOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .addOption(verifyFirstOpt())
    .action((o: ReportOptions) =>
      run(async () => (await import('./commands/report.js')).reportCommand(o))(),
    )

  // the auditor's name for `report --known-at`: the same command, stating both instants
  cli
    .command('asof')
    .description('回放：台账在某一时刻所知的进展报告，计入截至某日发生的事实；写明两个时间。\nThe progress report as the ledger knew it at --known-at, counting facts that occurred by --occurred-by; it states both instants.')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(knownAtOpt())
    .addOption(occurredByOpt())
    .addOption(yearOpt())
    .addOption(reportFormatOpt())
    .addOption(compiledByOpt())
    .addOption(compiledOnOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .addOption(verifyFirstOpt())
    .action((o: ReportOptions) =>
      run(async () => (await import('./commands/report.js')).reportCommand(o))(),
    )

  cli
    .command('diff')
    .description('差异：两个已知时刻之间各指标的变化（之前 → 之后），以及其间入账、造成变化的条目。\nWhat changed in each indicator between two known-at instants, before → after, and the entries recorded in between that caused it.')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(calendarOption(new Option('--from <DATETIME>', `自 what the ledger knew at first: ${instant}`).makeOptionMandatory(), 'moment'))
    .addOption(calendarOption(new Option('--to <DATETIME>', `至 what it knew later (default now), not before --from: ${instant}`), 'moment'))
    .addOption(yearOpt())
    .addOption(occurredByOpt())
    .addOption(
      new Option('--indicator <ID>', '指标 only this indicator, with the entries behind its change; repeat for several (default: a summary of every indicator)').argParser(
        (id: string, earlier: ReadonlyArray<string> | undefined) => [...(earlier ?? []), id],
      ),
    )
    .addOption(auditFormatOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .action((o: DiffOptions) => run(async () => (await import('./commands/diff.js')).diffCommand(o))())

  cli
    .command('lineage')
    .description('溯源：某指标数值背后的条目（下钻到来源记录），可导出。\nThe entries behind an indicator\'s value: the drill-down to the source records, exportable.')
    .argument('<INDICATOR_ID>', '指标编号 the indicator, e.g. vehicles.nev-fleet (report --format json lists the ids)')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(yearOpt())
    .addOption(occurredByOpt())
    .addOption(knownAtOpt())
    .addOption(auditFormatOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .action((indicator: string, o: LineageOptions) =>
      run(async () => (await import('./commands/lineage.js')).lineageCommand(indicator, o))(),
    )

  cli
    .command('show')
    .description('查看条目：按编号或位置查看一条记录，及其前后哈希链接和对各指标量的贡献（由条目重新派生）。\nOne entry, by id or position: what it holds, its hash links either side, and what it contributed (derived again from the entries).')
    .argument('<ID|POSITION>', '条目编号或位置 an entry id (UUID) or a position in the log, e.g. 1024')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(viewFormatOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .action((ref: string, o: RecordsOptions) => run(async () => (await import('./commands/records.js')).showCommand(ref, o))())

  cli
    .command('history')
    .description('履历：关于某一事物（车辆识别代号、充电桩、项目……或流名）的全部记录，含更正，以及它现在计入哪些指标量。\nEverything recorded about one thing (a VIN, a charging pile, a project, … or a stream\'s name), corrections included, and what it counts for now.')
    .argument('<KEY|STREAM>', '事物编号或流名 a key such as a VIN (LSVAM4AAAAAAAAA8B), parts joined by / (JX-QY-00001/L2), or a stream name (vehicle-LSVAM4AAAAAAAAA8B)')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(viewFormatOpt())
    .addOption(outOpt())
    .addOption(forceOpt())
    .action((key: string, o: RecordsOptions) => run(async () => (await import('./commands/records.js')).historyCommand(key, o))())

  cli
    .command('verify')
    .description(
      '校验：逐条验证哈希链，并按条目重新派生、核对报告所读的全部派生数据（增量、提交块、快照、旁列、链头）；给出签名检查点时，也能发现整段重算哈希的伪造和截尾。\nVerify the hash chain entry by entry, and every piece of derived data a report reads (deltas, commit blocks, snapshots, the columns beside each entry, the head) derived again from the entries: OK with the count and head hash, or the first bad position and what is wrong. With signed checkpoints, also a tail re-hashed end to end, and a log cut short.',
    )
    .addOption(dbOption())
    .addOption(checkpointsOpt('to hold the chain against'))
    .addOption(publicKeyOpt())
    .option('--keyring <FILE>', '密钥环 the departments\' public keys (JSON, docs/auditing.md §7): every signed entry is held to them')
    .option('--require-signatures', '须签名 with --keyring: an entry without a department\'s signature is a finding')
    .action((o: VerifyOptions) => run(async () => (await import('./commands/verify.js')).verifyCommand(o))())

  cli
    .command('copy')
    .description(
      '复制：把台账原样迁到另一个存储（位置、入账时间、哈希不变，原有签名检查点在副本上仍然成立）；先校验源台账，目标须为空。\nMove a ledger to another store without rewriting its history: every entry as sealed (positions, recordedAt, hashes), so old signed checkpoints hold on the copy. The source is verified first; the target must be empty; the copy derives its own deltas and is verified at the end.',
    )
    .addOption(new Option('--from <FILE|URL>', '源台账 the ledger to copy').makeOptionMandatory())
    .addOption(new Option('--to <FILE|URL>', '目标 an empty store to copy it into (a new SQLite file is created)').makeOptionMandatory())
    .action((o: CopyOptions) => run(async () => (await import('./commands/copy.js')).copyCommand(o))())

  cli
    .command('migrate')
    .description('升级：把旧版本写的台账升级到当前版本（迁移结构，按当前规则重新派生派生数据）；条目从不改写。\nBring a ledger written by an earlier release up to this one: its schema migrated, its derived data derived again from the entries; the entries are never touched.')
    .addOption(dbOption())
    .action((o: MigrateOptions) => run(async () => (await import('./commands/migrate.js')).migrateCommand(o))())

  cli
    .command('keygen')
    .description('密钥：生成签署检查点或记录单位签署条目用的密钥对（Ed25519 或 SM2；PEM；私钥权限 0600；不覆盖已有文件）。\nA key pair for signing checkpoints, or a department\'s entries (Ed25519, or SM2 for entries; PEM; the private key mode 0600; never overwrites a file).')
    .addOption(new Option('--out-private <FILE>', '私钥 the private key: keep it offline, never on the ledger\'s machine').makeOptionMandatory())
    .addOption(new Option('--out-public <FILE>', '公钥 the public key: give it to auditors by another road').makeOptionMandatory())
    .addOption(new Option('--alg <ALG>', '算法 ed25519 (checkpoints, entries) or sm2 (entries, 国密 SM2 with SM3)').choices(keyAlgorithms).default('ed25519'))
    .action((o: KeygenOptions) => run(async () => (await import('./commands/keygen.js')).keygenCommand(o))())

  cli
    .command('checkpoint')
    .description('检查点：签署链头（或 --month-ends 每月末的链头），追加到 NDJSON 检查点文件；每个新检查点指向文件中的前一个。\nSign the head (or, with --month-ends, the head at each month\'s end) and append it to an NDJSON checkpoints file kept apart from the ledger, each new checkpoint naming the one before it in the file.')
    .addOption(dbOption())
    .addOption(new Option('--key <PRIVATE.pem>', '私钥 the private key, as keygen wrote it').makeOptionMandatory())
    .addOption(new Option('--out <FILE>', '检查点文件 the checkpoints file to append to (created if missing; rewritten whole with the new lines, never the ledger, the key or a symbolic link)').makeOptionMandatory())
    .option('--month-ends', '每月末 sign the head as it stood at the end of each month (Asia/Shanghai) up to the last one past; month ends at or before the file\'s last checkpoint are skipped')
    .action((o: CheckpointCommandOptions) => run(async () => (await import('./commands/checkpoint.js')).checkpointCommand(o))())

  cli
    .command('bundle')
    .description('审计包：导出全部条目、签名检查点、公钥和清单，供第三方用 policy-ledger-verify 离线校验。\nThe audit bundle: every entry, the signed checkpoints, the public key and a manifest, for a third party to check offline with policy-ledger-verify.')
    .addOption(dbOption())
    .addOption(new Option('--out <DIR>', '目录 a new or empty directory to write the bundle to, whole or not at all (never replaced, so no --force)').makeOptionMandatory())
    .addOption(checkpointsOpt('to put in the bundle'))
    .addOption(publicKeyOpt())
    .action((o: BundleOptions) => run(async () => (await import('./commands/bundle.js')).bundleCommand(o))())

  const correction = (name: 'void' | 'correct', description: string): Command =>
    cli
      .command(name)
      .description(description)
      .addOption(dbOption())
      .addOption(new Option('--id <UUID>', '编号 this correction\'s own event id (a UUID): recording it again does nothing').makeOptionMandatory())
      .addOption(new Option('--entry <ENTRY_ID>', '对象 the id of the entry to ' + name).makeOptionMandatory())
      .addOption(new Option('--reason <TEXT>', '原因 why, in words an auditor can read').makeOptionMandatory())
      .addOption(unitOpt('--recorded-by <UNIT>', '记录单位 the unit recording it: judged as the fact it leaves standing').makeOptionMandatory())
      .addOption(unitOpt('--responsible <UNIT>', '责任单位 the unit that answers for it (default: --recorded-by)'))
      .addOption(signKeyOpt('the correction is signed with it as --recorded-by'))
      .addOption(planOpt())

  correction('void', '作废：记录 EventVoided，原条目保留在日志中但不再计入。\nRecord an EventVoided: the entry should never have been recorded; it stays in the log and counts no more.')
    .action((o: CorrectionOptions) => run(async () => (await import('./commands/void.js')).voidCommand(o))())

  correction('correct', '更正：记录 EventCorrected，以更正后的完整数据替换原条目的数据（同一类型，按该类型校验）。\nRecord an EventCorrected: the entry\'s data replaced by the corrected data, checked against its own event type.')
    .addOption(new Option('--data <JSON|@FILE>', '数据 the corrected event\'s whole data, as JSON or @file.json').makeOptionMandatory())
    .action((o: CorrectOptions) => run(async () => (await import('./commands/correct.js')).correctCommand(o))())

  cli
    .command('export')
    .description('导出：ndjson 为所有条目原样导出；其他格式为各指标逐年数值。\nExport: ndjson writes every entry as stored, one per line; the other formats write the indicators by year.')
    .addOption(dbOption())
    .addOption(planOpt())
    .addOption(new Option('--format <FORMAT>', '格式 export format').choices(exportFormats).makeOptionMandatory())
    .option('--out <FILE>', '输出 write to this file (for open-sdg: a new or empty directory) instead of stdout; never the ledger or a symbolic link, and a file already there only with --force')
    .addOption(forceOpt('--out (for open-sdg: the files of the same names in a directory that is not empty)'))
    .action((o: ExportOptions) =>
      run(async () => (await import('./commands/export.js')).exportCommand(o))(),
    )

  for (const command of cli.commands) command.addHelpText('after', `${examplesOf(command.name())}${exitStatuses}`)
  return cli
}


