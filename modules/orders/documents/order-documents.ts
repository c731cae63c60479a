import type { Address, Invoice, Order } from '../schemas.ts'
import { PdfWriter } from './pdf-layout.ts'

export type MoneyFormat = (amount: number) => string

const addressLines = (title: string, address: Address): string[] => [
  title,
  `${address.firstName} ${address.lastName}`,
  ...address.company === null ? [] : [address.company],
  address.line1,
  ...address.line2 === null ? [] : [address.line2],
  `${address.postcode} ${address.city}`,
  address.region === null ? address.countryCode : `${address.region}, ${address.countryCode}`
]

const day = (date: Date): string => date.toISOString().slice(0, 10)

function header (pdf: PdfWriter, order: Order): void {
  pdf.text([`Order ${order.reference} of ${day(order.createdAt)}`])
  pdf.gap()
  pdf.text(addressLines('Invoice address', order.invoiceAddress))
  pdf.gap()
  pdf.text(addressLines('Delivery address', order.deliveryAddress))
  pdf.gap()
}

/** The invoice of an order: its number, addresses, lines with their tax rates, and totals. */
export async function invoicePdf (order: Order, invoice: Invoice, money: MoneyFormat): Promise<Buffer> {
  const pdf = await PdfWriter.create(`Invoice ${invoice.number}`)
  pdf.heading(`Invoice ${invoice.number}`)
  pdf.text([`Date: ${day(invoice.createdAt)}`, `Payment: ${order.paymentMethod}`])
  header(pdf, order)
  pdf.row([['SKU', 0], ['Product', 80], ['Qty', 300], ['Unit price', 330], ['Tax', 410], ['Total', 450]], { bold: true })
  for (const line of order.lines) {
    pdf.row([[line.sku, 0], [line.name.slice(0, 45), 80], [String(line.quantity), 300], [money(line.unitPrice), 330], [`${line.taxRate} %`, 410], [money(line.total), 450]])
  }
  pdf.gap()
  const { totals } = order
  for (const [label, amount] of [['Products (tax excl.)', totals.products], ['Discount', -totals.discount], ['Tax', totals.tax], ['Shipping', totals.shipping]] as const) {
    pdf.row([[label, 300], [money(amount), 450]])
  }
  pdf.row([['Total', 300], [money(totals.total), 450]], { bold: true })
  return await pdf.bytes()
}

/** What goes in the parcel: the lines and quantities, no prices. */
export async function deliverySlipPdf (order: Order): Promise<Buffer> {
  const pdf = await PdfWriter.create(`Delivery slip ${order.reference}`)
  pdf.heading(`Delivery slip ${order.reference}`)
  pdf.text([`Carrier: ${order.carrier ?? '-'}`, `Tracking number: ${order.trackingNumber ?? '-'}`])
  header(pdf, order)
  pdf.row([['SKU', 0], ['Product', 100], ['Qty', 450]], { bold: true })
  for (const line of order.lines) pdf.row([[line.sku, 0], [line.name.slice(0, 60), 100], [String(line.quantity), 450]])
  return await pdf.bytes()
}
