/*
 * @policy-ledger/export: the progress report as files people and tools
 * read. Every function is pure, from reports to text or bytes: where the
 * files go, and what they may not replace, is the caller's to decide.
 *
 * The workbook, the HTML page and the charts are entries of their own
 * (`@policy-ledger/export/xlsx`, `/html`, `/chart`): they load exceljs,
 * ECharts and the SVG renderer, which a CSV or a terminal table never needs.
 */
export { breakdownOf, byLabels, type Breakdown, type BreakdownRow } from './breakdowns.js'
export { BOM, breakdownCells, csvField, csvText, lineageCsv, opensFormula, toBreakdownCsv, toCsv } from './csv.js'
export { toJson } from './json.js'
export {
  comparedAmount,
  completionRate,
  figureDigits,
  figureNumber,
  formatFigure,
  formatValue,
  groupedDigits,
  leadUnits,
  sectionTitle,
  statusLabels,
  statusOrder,
  targetUnit,
  targetUnitKind,
  targetWording,
  unitZh,
  valueAmount,
  valueUnit,
  type DisplayUnit,
  type StatusLabel,
} from './labels.js'
export { openSdgFileName, openSdgId, toOpenSdg, type OpenSdgOptions } from './open-sdg.js'
export { DATAFLOW, JIAXIANG_AREA, sdmxCode, toSdmxCsv, type SdmxOptions } from './sdmx.js'
export { targetColumns, targetRows, type Cell, type CellKind, type Column, type FigureCell, type TargetRow } from './table.js'
