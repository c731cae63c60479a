import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from 'pdf-lib'

const MARGIN = 50
const LINE = 14

/** Helvetica writes WinAnsi only: other characters are shown as '?' rather than failing the document. */
const printable = (text: string): string => text.replace(/[^\u0020-\u007e\u00a0-\u00ff€]/g, '?')

/**
 * A plain A4 document written top to bottom, a line at a time, with a page break when the page
 * is full: what an invoice or a delivery slip needs, no more.
 */
export class PdfWriter {
  private page!: PDFPage
  private y = 0

  private constructor (private readonly document: PDFDocument, private readonly font: PDFFont, private readonly bold: PDFFont) {
    this.newPage()
  }

  static async create (title: string): Promise<PdfWriter> {
    const document = await PDFDocument.create()
    document.setTitle(title)
    document.setProducer('Backroom')
    return new PdfWriter(document, await document.embedFont(StandardFonts.Helvetica), await document.embedFont(StandardFonts.HelveticaBold))
  }

  heading (text: string): void {
    this.write([[text, 0]], 16, this.bold)
    this.gap()
  }

  /** One line of cells, each at its x offset from the left margin. */
  row (cells: Array<[string, number]>, options: { bold?: boolean } = {}): void {
    this.write(cells, 10, options.bold === true ? this.bold : this.font)
  }

  text (lines: string[]): void {
    for (const line of lines) this.row([[line, 0]])
  }

  gap (): void {
    this.y -= LINE / 2
  }

  async bytes (): Promise<Buffer> {
    return Buffer.from(await this.document.save())
  }

  private write (cells: Array<[string, number]>, size: number, font: PDFFont): void {
    if (this.y < MARGIN + LINE) this.newPage()
    for (const [text, x] of cells) this.page.drawText(printable(text), { x: MARGIN + x, y: this.y, size, font })
    this.y -= LINE * size / 10
  }

  private newPage (): void {
    this.page = this.document.addPage([595.28, 841.89])
    this.y = this.page.getHeight() - MARGIN
  }
}
