import { htmlOf, linesOf, type OrderMailTemplates } from './templates.ts'

export const fr: OrderMailTemplates = {
  placed (context) {
    const { order, money } = context
    const text = [
      `Bonjour ${order.invoiceAddress.firstName},`,
      `Merci pour votre commande ${order.reference}.`,
      linesOf(context),
      `Livraison : ${money(order.totals.shipping)}\nTotal : ${money(order.totals.total)}\nPaiement : ${order.paymentMethod}`,
      `Nous vous préviendrons de son expédition.`
    ].join('\n\n')
    return { subject: `Votre commande ${order.reference}`, text, html: htmlOf(text) }
  },
  stateChanged ({ order, stateName }) {
    const tracking = order.trackingNumber === null ? [] : [`Numéro de suivi : ${order.trackingNumber}`]
    const text = [`Bonjour ${order.invoiceAddress.firstName},`, `Votre commande ${order.reference} est désormais : ${stateName}.`, ...tracking].join('\n\n')
    return { subject: `Commande ${order.reference} : ${stateName}`, text, html: htmlOf(text) }
  }
}
