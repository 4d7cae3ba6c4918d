import { Command, Option } from 'commander'
import type * as E from 'fp-ts/lib/Either.js'
import type { ExitStatus, Failure } from './failure.js'
import type { DemoOptions } from './commands/demo.js'
import type { ExportOptions } from './commands/export.js'
import type { ImportOptions } from './commands/import.js'
import type { ReportOptions } from './commands/report.js'
import { exportFormats, reportFormats } from './formats.js'
import { dateOption, instantOption, positiveOption, yearOption } from './options.js'

/** What every command's action ends in: an exit status, or a failure to tell in one sentence. */
type Outcome = Promise<E.Either<Failure, ExitStatus>>

const dbOption = (): Option =>
  new Option('--db <FILE|URL>', '台账 the ledger: an SQLite file path, a postgres:// (postgresql://) URL or an esdb:// connection string').makeOptionMandatory()

const exitStatuses = `
Exit status 退出状态:
  0  ok 成功
  1  lines rejected, or the chain does not verify 有被拒绝的行，或校验失败
  2  usage error, or an input file missing or unusable (nothing done) 用法错误或输入文件不可用
  3  the store cannot be reached, or --db is not a ledger 存储不可达或不是台账
  4  an unexpected error (please report it) 意外错误
`

/**
 * The `policy-ledger` command. Each command's module is imported when it
 * runs, so that `verify` does not pay for loading the workbook and chart
 * libraries that `report` needs.
 */
export const program = (settle: (outcome: E.Either<Failure, ExitStatus>) => void): Command => {
  const run = (outcome: () => Outcome) => async (): Promise<void> => settle(await outcome())
  const cli = new Command('policy-ledger')
    .description(
      '嘉祥县设备更新和消费品以旧换新工作方案（嘉政发〔2024〕5号）事实台账。\nThe ledger of facts behind Jiaxiang County\'s equipment-renewal and trade-in plan: record, report, verify, export.',
    )
    .addHelpText('after', exitStatuses)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()

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
    .description('导入：记录 JSON Lines（每行一个 RecordInput，或 export 导出的条目）和按事件类型的 CSV 文件。\nRecord events from JSON Lines files (one RecordInput per line, or entries from `export --format ndjson`) and CSV files (see docs/cli.md for the columns).')
    .argument('<FILE...>', '.jsonl / .ndjson / .csv files')
    .addOption(dbOption())
    .option('--rejects <FILE>', '被拒绝的行写入此文件 write all rejected lines here (default: <file>.rejects.jsonl beside each input)')
    .action((files: string[], o: ImportOptions) =>
      run(async () => (await import('./commands/import.js')).importFiles(files, o))(),
    )

  cli
    .command('report')
    .description('报告：各指标的数值及其相对方案目标的进展。\nThe progress report: every indicator\'s value against the plan\'s targets.')
    .addOption(dbOption())
    .option('--year <YYYY>', '年度 the year to report (default: the latest plan year with data)', yearOption)
    .option('--occurred-by <DATE>', '发生截至 count facts that occurred on or before this day, YYYY-MM-DD, Asia/Shanghai', dateOption)
    .option('--known-at <DATETIME>', '已知截至 what the ledger knew then: an ISO date-time with offset, or a date (the end of that day, Asia/Shanghai)', instantOption)
    .addOption(new Option('--by <PART>', '分解 break every indicator down by town 镇街, recording unit 填报单位 or sector 行业').choices(['town', 'unit', 'sector']))
    .addOption(new Option('--format <FORMAT>', '格式 output format').choices(reportFormats).default('table'))
    .option('--out <FILE>', '输出文件 write to this file instead of stdout')
    .action((o: ReportOptions) =>
      run(async () => (await import('./commands/report.js')).reportCommand(o))(),
    )

  cli
    .command('verify')
    .description('校验：逐条验证哈希链。\nVerify the hash chain entry by entry: OK with the count and head hash, or the first bad position and what is wrong.')
    .addOption(dbOption())
    .action((o: { db: string }) => run(async () => (await import('./commands/verify.js')).verifyCommand(o))())

  cli
    .command('export')
    .description('导出：ndjson 为所有条目原样导出；其他格式为各指标逐年数值。\nExport: ndjson writes every entry as stored, one per line; the other formats write the indicators by year.')
    .addOption(dbOption())
    .addOption(new Option('--format <FORMAT>', '格式 export format').choices(exportFormats).makeOptionMandatory())
    .option('--out <FILE>', '输出 write to this file (for open-sdg: a directory) instead of stdout')
    .action((o: ExportOptions) =>
      run(async () => (await import('./commands/export.js')).exportCommand(o))(),
    )

  for (const command of cli.commands) command.addHelpText('after', exitStatuses)
  return cli
}


