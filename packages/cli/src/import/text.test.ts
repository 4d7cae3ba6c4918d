import fc from 'fast-check'
import * as E from 'fp-ts/lib/Either.js'
import { isUtf8 } from 'node:buffer'
import { describe, expect, it } from 'vitest'
import { chineseOrAscii, concat, gb18030, injected, notUtf8, utf8 } from './text.test-helpers.js'
import { byteLines, csvText, decodeLine, utf8Lines } from './text.js'

const lineText = fc.array(chineseOrAscii, { maxLength: 30 }).map((cs) => cs.join(''))

describe('byteLines', () => {
  it('splits on LF, drops the CR of a CRLF, and starts no line after a final LF', () => {
    const lines = byteLines(utf8('a\r\n\n嘉\r\nb\rc\nd'))
    expect(lines.map((l) => [l.line, new TextDecoder().decode(l.bytes)])).toEqual([
      [1, 'a'],
      [2, ''],
      [3, '嘉'],
      [4, 'b\rc'],
      [5, 'd'],
    ])
    expect(byteLines(utf8('a\n'))).toHaveLength(1)
    expect(byteLines(new Uint8Array())).toHaveLength(0)
  })
})

describe('utf8Lines', () => {
  it('refuses exactly the lines with bytes that are not UTF-8, naming the line and the byte where the first bad sequence starts; every other line is its text as written', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ text: lineText, at: fc.array(fc.nat(), { maxLength: 3 }), bad: fc.array(notUtf8, { minLength: 1, maxLength: 3 }) }), { minLength: 1, maxLength: 12 }),
        fc.constantFrom('\n', '\r\n'),
        (specs, eol) => {
          const lines = specs.map((s) => injected(s.text, s.at, s.bad))
          const read = utf8Lines(concat(...lines.flatMap((l) => [l.bytes, utf8(eol)])))
          expect(read).toHaveLength(specs.length)
          read.forEach(({ line, text }, i) => {
            const first = lines[i]?.first
            expect(line).toBe(i + 1)
            if (first === undefined) expect(text).toEqual(E.right(specs[i]?.text))
            else {
              expect(text).toMatchObject(E.left({ reason: `第 ${line} 行不是有效的 UTF-8 文本（第 ${first + 1} 字节） / line ${line} is not valid UTF-8 (byte ${first + 1})` }))
              if (E.isLeft(text)) expect(text.left.shown).toContain('\uFFFD')
            }
          })
        },
      ),
    )
  })

  it('drops a BOM at the start of the file, counting its bytes in line 1, and keeps a U+FEFF anywhere else', () => {
    const bom = [0xef, 0xbb, 0xbf]
    expect(utf8Lines(concat(bom, utf8('{"a":1}\n\uFEFF嘉\n'))).map((l) => l.text)).toEqual([E.right('{"a":1}'), E.right('\uFEFF嘉')])
    expect(utf8Lines(concat(bom, utf8('ab'), [0xff])).map((l) => l.text)).toMatchObject([E.left({ reason: expect.stringContaining('(byte 6)') })])
  })
})

describe('decodeLine', () => {
  it('names the byte where the first sequence that is not GB18030 starts', () => {
    fc.assert(
      fc.property(lineText, lineText, (before, after) => {
        const bytes = concat(gb18030(before), [0xff], gb18030(after))
        expect(decodeLine('GB18030')(bytes)).toEqual(E.left(gb18030(before).length + 1))
        expect(decodeLine('GB18030')(concat(gb18030(before), gb18030(after)))).toEqual(E.right(before + after))
      }),
    )
  })
})

describe('csvText', () => {
  const name = '嘉祥县报废汽车回收拆解有限公司'

  it('takes the standard GB18030 codes from the test table', () => {
    expect([...gb18030('嘉祥a')]).toEqual([0xbc, 0xce, 0xcf, 0xe9, 0x61])
  })

  it('reads UTF-8 as UTF-8, also where the same bytes are valid GB18030 (the issue’s garbled 鍢夌ゥ…)', () => {
    expect(new TextDecoder('gb18030', { fatal: true }).decode(utf8('嘉祥县报'))).toBe('鍢夌ゥ鍘挎姤')
    expect(csvText(utf8('嘉祥县报\n'))).toEqual(E.right({ encoding: 'UTF-8', text: '嘉祥县报\n' }))
    fc.assert(
      fc.property(fc.array(lineText, { maxLength: 8 }), fc.boolean(), (lines, bom) => {
        const text = lines.map((l) => `${l}\r\n`).join('')
        expect(csvText(concat(bom ? [0xef, 0xbb, 0xbf] : [], utf8(text)))).toEqual(E.right({ encoding: 'UTF-8', text }))
      }),
    )
  })

  it('reads GB18030 that is not UTF-8 as GB18030', () => {
    fc.assert(
      fc.property(fc.array(lineText, { minLength: 1, maxLength: 8 }), (lines) => {
        const text = lines.map((l) => `${l}\n`).join('')
        const bytes = gb18030(text)
        fc.pre(!isUtf8(bytes))
        expect(csvText(bytes)).toEqual(E.right({ encoding: 'GB18030', text }))
      }),
    )
  })

  it('refuses a file valid in neither, at its first line that is not UTF-8, naming the first that is not GB18030 where it differs', () => {
    const file = concat(utf8('id,name\n'), utf8('1,'), gb18030(name), utf8('\n2,ab'), [0xff], utf8('\n'))
    expect(csvText(file)).toEqual(
      E.left({
        line: 2,
        reason:
          '文件既不是 UTF-8 也不是 GB18030 文本：第 2 行不是有效的 UTF-8 文本（第 3 字节），第 3 行不是有效的 GB18030 文本（第 5 字节） / ' +
          'the file is neither UTF-8 nor GB18030: line 2 is not valid UTF-8 (byte 3), line 3 is not valid GB18030 (byte 5)',
      }),
    )
    expect(csvText(concat(utf8('id\n嘉'), [0xff]))).toEqual(
      E.left({
        line: 2,
        reason: '文件既不是 UTF-8 也不是 GB18030 文本：第 2 行两者都不是（UTF-8 第 4 字节，GB18030 第 3 字节） / the file is neither UTF-8 nor GB18030: line 2 is neither (UTF-8 byte 4, GB18030 byte 3)',
      }),
    )
  })

  it('refuses a file that starts with the UTF-8 BOM and is not UTF-8, without trying GB18030', () => {
    const file = concat([0xef, 0xbb, 0xbf], utf8('id,name\n1,'), gb18030(name), utf8('\n'))
    expect(csvText(file)).toEqual(
      E.left({
        line: 2,
        reason: '文件以 UTF-8 字节顺序标记（BOM）开头，却不是有效的 UTF-8 文本：第 2 行不是有效的 UTF-8 文本（第 3 字节） / the file starts with a UTF-8 byte order mark but is not valid UTF-8: line 2 is not valid UTF-8 (byte 3)',
      }),
    )
  })
})
