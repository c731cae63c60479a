import { inflateSync } from 'node:zlib'

/** The strings a PDF draws (pdf-lib writes `<hex> Tj` in deflated content streams), to check a document's text. */
export function pdfTexts (pdf: Buffer): string[] {
  const texts: string[] = []
  const source = pdf.toString('latin1')
  for (const match of source.matchAll(/stream\r?\n/g)) {
    const start = match.index + match[0].length
    const end = source.indexOf('endstream', start)
    let content: string
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1')
    } catch {
      continue
    }
    for (const [, hex] of content.matchAll(/<([0-9A-Fa-f]*)> Tj/g)) texts.push(Buffer.from(hex, 'hex').toString('latin1'))
  }
  return texts
}
