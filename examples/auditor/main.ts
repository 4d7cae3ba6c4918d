/**
 * An auditor's afternoon: replay the ledger to 2025-12-31 both ways, see
 * what the late reports and a correction changed, drill down to the entries
 * behind a figure, verify the chain against signed monthly checkpoints, and
 * export a bundle that a third party checks with a verifier of its own.
 * Run it with `pnpm example:auditor`.
 *
 * The county's records come from the synthetic Jiaxiang dataset (a small
 * scale of it), recorded commit by commit with the recording system's clock.
 */
import {
  checkpointsAt,
  createLedger,
  diff,
  exportBundle,
  generateSigningKeys,
  lineage,
  memoryStore,
  monthEnds,
  reportAsOf,
  signCheckpoints,
  trustCheckpoints,
  verifyStore,
  type LedgerError,
  type Report,
} from '@policy-ledger/core'
import { lineageCsv } from '@policy-ledger/export'
import { jiaxiang2024 } from '@policy-ledger/plan-jiaxiang-2024'
import { jiaxiang } from '@policy-ledger/testkit'
import { verifyBundle } from '@policy-ledger/verifier'
import * as E from 'fp-ts/lib/Either.js'
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const ORIGIN = 'jiaxiang.gov.cn/policy-ledger'

const orFail = <A>(e: E.Either<LedgerError, A>): A => {
  if (E.isLeft(e)) throw new Error(`${e.left.code}: ${e.left.message}`)
  return e.right
}

// 1. The county records what happens, through 2026-03-31; late reports of 2025 arrive in 2026.
let now = 0
const store = memoryStore()
const ledger = createLedger({ store, plan: jiaxiang2024, clock: () => now })
for (const commit of jiaxiang({ scale: 0.02, until: '2026-03-31' })) {
  now = commit.recordedAt
  orFail(await ledger.recordBatch(commit.inputs)())
}

// 2. 县商务局 finds a 2025 used-car trade recorded twice at the source, and voids it (never an edit).
const trades = orFail(await ledger.readAll({ after: 0, limit: 1_000_000 })()).filter((e) => e.type === 'UsedCarTraded' && e.occurredAt.startsWith('2025-11'))
const duplicate = trades[0]
if (duplicate !== undefined) {
  now += 60_000
  orFail(
    await ledger.record({
      id: '5b0d6c1e-8f2a-4e7b-9c31-0a4d2e6f8b17',
      type: 'EventVoided',
      occurredAt: '2026-02-10T10:00:00+08:00',
      recordedBy: 'commerce',
      source: { system: 'commerce-audit', recordId: 'JZ-2026-004' },
      data: { entryId: duplicate.id, reason: '交易市场重复报送 reported twice by the market', responsibleUnit: 'commerce' },
    })(),
  )
}

// 3. Every month's end, and last the head as it stands, was signed with a key kept away from the ledger's
//    machine, each checkpoint naming the one before it (so none can be left out unseen).
const keys = generateSigningKeys()
const head = orFail(await store.head()())
const checkpoints = signCheckpoints(orFail(await checkpointsAt(store, ORIGIN, [...monthEnds(Date.UTC(2023, 0, 1), head.recordedAt), head.recordedAt])()), keys.privateKey)

// 4. What did the ledger say on 2025-12-31, and what had happened by then as we know it now?
const known = orFail(await reportAsOf(jiaxiang2024, store, { knownAt: '2025-12-31', occurredBy: '2025-12-31', year: 2025 })())
const happened = orFail(await reportAsOf(jiaxiang2024, store, { occurredBy: '2025-12-31', year: 2025 })())
const shown = (v: number | null): string => (v === null ? '无数据 no data' : String(Math.round(v * 100) / 100))
const value = (r: Report, id: string): string => shown(r.indicators.find((i) => i.id === id)?.value ?? null)
console.log('2025年指标：当时所知 vs 现在所知 (2025 indicators: known on 2025-12-31 vs known now, occurred by 2025-12-31)')
console.log(`  known at ${known.knownAt.requested} (position ${known.knownAt.position}); now: position ${happened.knownAt.position}`)
const changes = orFail(await diff(jiaxiang2024, store, { from: '2025-12-31', year: 2025, occurredBy: '2025-12-31' })())
for (const c of changes.changes)
  console.log(`  ${c.zh}: ${shown(c.before.value)} → ${shown(c.after.value)}  (${c.en}; entries recorded since 记录于其后的条目: ${c.causes.length})`)
console.log(`  ${changes.changes.length} / ${happened.indicators.length} indicators; 二手车交易量与新车销售比值 used-to-new ratio ${value(known, 'vehicles.used-to-new-ratio')} → ${value(happened, 'vehicles.used-to-new-ratio')}`)

// 5. Drill down: the entries behind 2025's used-car trades, as CSV.
const behind = orFail(await lineage(jiaxiang2024, store, { indicator: 'vehicles.used-car-trade-growth', year: 2025 })())
const folder = mkdtempSync(join(tmpdir(), 'policy-ledger-audit-'))
writeFileSync(join(folder, 'lineage-used-car-trades-2025.csv'), lineageCsv(behind.entries))
console.log(`\n二手车交易量增长 2025 used-car trade growth: ${behind.reading.value?.toFixed(1)}%, ${behind.entries.length} entries behind it (lineage-used-car-trades-2025.csv)`)

// 6. Verify: the chain, every signed checkpoint held against it, and every figure's derived data derived again from the entries.
const trusted = orFail(trustCheckpoints(checkpoints, keys.publicKey))
const verified = orFail(await verifyStore(store, trusted)())
console.log(
  verified.ok
    ? `\n台账校验通过 ledger verified: ${verified.count} entries, head ${verified.headHash}, ${verified.checkpoints} signed checkpoints, ${verified.derived?.commits ?? 0} commit blocks derived again`
    : `\n台账校验未通过 ledger does not verify at ${verified.position}: ${verified.problem}: ${verified.detail}`,
)

// 7. The bundle, checked offline by the third party's own verifier with the key they were given apart.
const bundle = orFail(await exportBundle(store, { origin: ORIGIN, checkpoints, publicKey: keys.publicKey })())
const bundleFolder = join(folder, 'bundle')
mkdirSync(bundleFolder)
for (const [name, text] of Object.entries(bundle)) writeFileSync(join(bundleFolder, name), text)
// the public key reaches the auditor by another road (the county's website, a letter), not inside the bundle
const publishedKey = join(folder, 'jiaxiang-ledger-public-key.pem')
writeFileSync(publishedKey, keys.publicKey)
const report = verifyBundle(bundle, keys.publicKey)
console.log(`\n审计包 audit bundle: ${bundleFolder}`)
console.log(
  `  第三方校验 third-party verifier: ${report.ok ? 'OK' : 'FAILED'} (${report.chain.ok ? `${report.chain.count} entries, ${report.chain.checkpoints} checkpoints, signed at entry ${report.completeness.size}` : report.chain.problem})`,
)
console.log(`  policy-ledger-verify ${bundleFolder} --key ${publishedKey}`)
if (!report.ok || !verified.ok) process.exitCode = 1
