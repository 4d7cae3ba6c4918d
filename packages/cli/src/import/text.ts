import * as E from 'fp-ts/lib/Either.js'
import { TextDecoder } from 'node:util'
import { MAX_LINE_BYTES } from './limits.js'
import type { LineFault } from './line.js'

/*
 * Bytes to text, decided once for a file and never guessed: a text read in
 * the wrong encoding is recorded garbled, and an append-only ledger cannot
 * take it back. JSON Lines are UTF-8 (RFC 8259), line by line, so a line
 * with invalid bytes is refused on its own. A CSV is UTF-8 when all of it is
 * (valid UTF-8 wins where bytes are valid in both), else GB18030 when all of
 * it is, else refused.
 *
 * Lines are split on the bytes, before decoding: LF and CR are never part of
 * a multi-byte character in UTF-8 or GB18030, so a file is valid in either
 * exactly when each of its lines is.
 */

/** The encodings an input file is read in. */
export type Encoding = 'UTF-8' | 'GB18030'

const labels: Readonly<Record<Encoding, string>> = { 'UTF-8': 'utf-8', GB18030: 'gb18030' }

/** A decoder that throws on a sequence invalid in the encoding instead of making it U+FFFD, and leaves a BOM to the caller. */
const fatalDecoder = (encoding: Encoding): TextDecoder => new TextDecoder(labels[encoding], { fatal: true, ignoreBOM: true })

const fatal: Readonly<Record<Encoding, TextDecoder>> = { 'UTF-8': fatalDecoder('UTF-8'), GB18030: fatalDecoder('GB18030') }

const LF = 0x0a
const CR = 0x0d
const BOM = '\uFEFF'

/** Does the file start with the UTF-8 byte order mark, as Excel writes "CSV UTF-8"? */
const hasBom = (bytes: Uint8Array): boolean => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf

/** One line of a file as bytes: its 1-based number, without the LF that ends it (or the CR before that LF). */
export interface ByteLine {
  readonly line: number
  readonly bytes: Uint8Array
}

/** The lines of a file's bytes; a last line without an LF is a line, an LF at the very end starts none. */
export const byteLines = (bytes: Uint8Array): ReadonlyArray<ByteLine> => {
  const lines: ByteLine[] = []
  let start = 0
  while (start < bytes.length) {
    const lf = bytes.indexOf(LF, start)
    const next = lf === -1 ? bytes.length : lf
    const end = lf !== -1 && next > start && bytes[next - 1] === CR ? next - 1 : next
    lines.push({ line: lines.length + 1, bytes: bytes.subarray(start, end) })
    start = next + 1
  }
  return lines
}

/**
 * Where, as a 1-based byte, the first sequence that is not valid in the
 * encoding starts. The bytes are fed to the decoder one at a time, so that
 * its own rules (overlong forms, surrogates, GB18030's four-byte ranges) say
 * where a character goes wrong: the bad sequence starts after the last byte
 * that completed a character.
 */
const firstInvalidByte = (encoding: Encoding, bytes: Uint8Array): number => {
  const stream = fatalDecoder(encoding)
  let boundary = 0
  try {
    for (let i = 0; i < bytes.length; i++) if (stream.decode(bytes.subarray(i, i + 1), { stream: true }) !== '') boundary = i + 1
    stream.decode()
  } catch {
    // the sequence from `boundary` is the first bad one
  }
  return boundary + 1
}

/** The text of a line in the encoding; or, where it is not text in it, the 1-based byte where the first invalid sequence starts. */
export const decodeLine =
  (encoding: Encoding) =>
  (bytes: Uint8Array): E.Either<number, string> => {
    try {
      return E.right(fatal[encoding].decode(bytes))
    } catch {
      return E.left(firstInvalidByte(encoding, bytes))
    }
  }

/** Where a line is not text in an encoding. */
interface NotText {
  readonly line: number
  readonly byte: number
}

/** The first line of a file that is not text in the encoding, or undefined when every line is. */
const firstNotText = (encoding: Encoding, lines: ReadonlyArray<ByteLine>): NotText | undefined => {
  const decode = decodeLine(encoding)
  for (const { line, bytes } of lines) {
    const text = decode(bytes)
    if (E.isLeft(text)) return { line, byte: text.left }
  }
  return undefined
}

const zhNotText = (encoding: Encoding, at: NotText): string => `第 ${at.line} 行不是有效的 ${encoding} 文本（第 ${at.byte} 字节）`
const enNotText = (encoding: Encoding, at: NotText): string => `line ${at.line} is not valid ${encoding} (byte ${at.byte})`

/** Why a line is refused: it is not text in the encoding, at which byte (zh, then en). */
const notTextReason = (encoding: Encoding, at: NotText): string => `${zhNotText(encoding, at)} / ${enNotText(encoding, at)}`

/** A line of a JSON Lines file as text; or, where it is not UTF-8, why, and the line with each bad sequence shown as U+FFFD for a person to find it. */
export interface TextLine {
  readonly line: number
  readonly text: E.Either<{ readonly reason: string; readonly shown: string }, string>
}

const shownUtf8 = new TextDecoder('utf-8', { ignoreBOM: true })

/** How much of a line too long to read is kept for the rejects file, for a person to find it. */
const SHOWN_BYTES = 200

const tooLongReason = (line: number, bytes: number): string =>
  `第 ${line} 行长 ${bytes} 字节，超过上限 ${MAX_LINE_BYTES} 字节，未读取 / line ${line} is ${bytes} bytes long; lines of more than ${MAX_LINE_BYTES} bytes are not read`

/**
 * The lines of a JSON Lines file, each decoded as UTF-8 on its own: a line
 * with invalid bytes, or longer than MAX_LINE_BYTES (checked before it is
 * decoded), is refused; every other line is its text as written.
 * A BOM at the start of the file is dropped; its bytes count in line 1's
 * byte numbers, as they stand in the file.
 */
export const utf8Lines = (bytes: Uint8Array): ReadonlyArray<TextLine> => {
  const decode = decodeLine('UTF-8')
  const bom = hasBom(bytes)
  return byteLines(bytes).map(({ line, bytes: b }): TextLine => {
    if (b.length > MAX_LINE_BYTES) return { line, text: E.left({ reason: tooLongReason(line, b.length), shown: `${shownUtf8.decode(b.subarray(0, SHOWN_BYTES))}…` }) }
    const text = decode(b)
    if (E.isLeft(text)) return { line, text: E.left({ reason: notTextReason('UTF-8', { line, byte: text.left }), shown: shownUtf8.decode(b) }) }
    return { line, text: E.right(bom && line === 1 ? text.right.slice(BOM.length) : text.right) }
  })
}

/** A whole file's text and the encoding it was read in. */
export interface DecodedText {
  readonly encoding: Encoding
  readonly text: string
}

/** Why a CSV is text in neither encoding, naming its first bad line in each (zh, then en). */
const neitherReason = (utf8: NotText, gb: NotText): string =>
  utf8.line === gb.line
    ? `文件既不是 UTF-8 也不是 GB18030 文本：第 ${utf8.line} 行两者都不是（UTF-8 第 ${utf8.byte} 字节，GB18030 第 ${gb.byte} 字节） / ` +
      `the file is neither UTF-8 nor GB18030: line ${utf8.line} is neither (UTF-8 byte ${utf8.byte}, GB18030 byte ${gb.byte})`
    : `文件既不是 UTF-8 也不是 GB18030 文本：${zhNotText('UTF-8', utf8)}，${zhNotText('GB18030', gb)} / ` +
      `the file is neither UTF-8 nor GB18030: ${enNotText('UTF-8', utf8)}, ${enNotText('GB18030', gb)}`

/** Why a CSV that starts with the UTF-8 BOM is refused: the mark says UTF-8, so GB18030 is not tried. */
const bomReason = (utf8: NotText): string =>
  `文件以 UTF-8 字节顺序标记（BOM）开头，却不是有效的 UTF-8 文本：${zhNotText('UTF-8', utf8)} / ` +
  `the file starts with a UTF-8 byte order mark but is not valid UTF-8: ${enNotText('UTF-8', utf8)}`

/**
 * A CSV's text, decoded once for the whole file: UTF-8 when every line is
 * UTF-8 (a BOM dropped), else GB18030 (what Excel and WPS write for plain
 * "CSV" on a Chinese Windows) when every line is GB18030; else refused at
 * the first line that is not UTF-8. A file that starts with the UTF-8 BOM
 * is UTF-8 or refused.
 */
export const csvText = (bytes: Uint8Array): E.Either<LineFault, DecodedText> => {
  const lines = byteLines(bytes)
  const utf8 = firstNotText('UTF-8', lines)
  // every line is valid, so the whole file is: a plain decoder reads it exactly, and drops a BOM
  if (utf8 === undefined) return E.right({ encoding: 'UTF-8', text: new TextDecoder('utf-8').decode(bytes) })
  if (hasBom(bytes)) return E.left({ line: utf8.line, reason: bomReason(utf8) })
  const gb = firstNotText('GB18030', lines)
  if (gb === undefined) return E.right({ encoding: 'GB18030', text: new TextDecoder('gb18030').decode(bytes) })
  return E.left({ line: utf8.line, reason: neitherReason(utf8, gb) })
}
