import { htmlOf, linesOf, type OrderMailTemplates } from './templates.ts'

export const en: OrderMailTemplates = {
  placed (context) {
    const { order, money } = context
    const text = [
      `Hello ${order.invoiceAddress.firstName},`,
      `Thank you for your order ${order.reference}.`,
      linesOf(context),
      `Shipping: ${money(order.totals.shipping)}\nTotal: ${money(order.totals.total)}\nPayment: ${order.paymentMethod}`,
      `We will let you know when it ships.`
    ].join('\n\n')
    return { subject: `Your order ${order.reference}`, text, html: htmlOf(text) }
  },
  stateChanged ({ order, stateName }) {
    const tracking = order.trackingNumber === null ? [] : [`Tracking number: ${order.trackingNumber}`]
    const text = [`Hello ${order.invoiceAddress.firstName},`, `Your order ${order.reference} is now: ${stateName}.`, ...tracking].join('\n\n')
    return { subject: `Order ${order.reference}: ${stateName}`, text, html: htmlOf(text) }
  }
}
