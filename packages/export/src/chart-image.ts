import type { IndicatorReport, Plan, Report } from '@policy-ledger/core'
import { chartSize, chartSvg } from './chart.js'

/*
 * A chart as a PNG, for a workbook: exceljs writes no native Excel chart,
 * so each section's sheet carries its indicators' charts as pictures of
 * the same SVG the HTML report draws, rasterised by resvg (a Rust renderer
 * shipped in the npm package as a prebuilt binary: no browser, no system
 * library). Chinese text needs a CJK font on the machine (Noto Sans CJK SC,
 * Debian's fonts-noto-cjk); without one resvg draws no glyphs, and the
 * figures stay in the table beside. Loaded only when a workbook is asked
 * for, so the other commands never load the native module.
 */

/** pixels per CSS pixel: sharp when printed */
const ZOOM = 2

export interface ChartImage {
  readonly indicator: string
  readonly png: Uint8Array
  /** the size it is shown at, in CSS pixels */
  readonly width: number
  readonly height: number
}

export const chartPng = async (plan: Plan, indicator: IndicatorReport, history: ReadonlyArray<Report>, reportYear: number): Promise<ChartImage> => {
  const { Resvg } = await import('@resvg/resvg-js')
  const svg = chartSvg(plan, indicator, history, reportYear)
  const png = new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'zoom', value: ZOOM }, font: { loadSystemFonts: true, defaultFontFamily: 'Noto Sans CJK SC' } }).render().asPng()
  return { indicator: indicator.id, png: new Uint8Array(png), ...chartSize }
}
