const digits = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const

/** A number as the plan writes the numbers of its parts and measures: 一, 十, 十七, 二十, 三十五; from 100 on, in digits. */
export const zhNumeral = (n: number): string => {
  if (!Number.isInteger(n) || n < 1 || n > 99) return String(n)
  const tens = Math.floor(n / 10)
  const ones = digits[n % 10] ?? ''
  if (tens === 0) return ones
  return `${tens === 1 ? '' : (digits[tens] ?? '')}十${ones}`
}
