import type { Order } from '../schemas.ts'

export interface MailContent { subject: string, text: string, html: string }

/** What an order email shows: the order, its amounts formatted in its currency. */
export interface OrderMailContext {
  order: Order
  money: (amount: number) => string
  /** The name of the state entered, in the customer's language. */
  stateName: string
}

export interface OrderMailTemplates {
  placed (context: OrderMailContext): MailContent
  stateChanged (context: OrderMailContext): MailContent
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, character => `&#${character.charCodeAt(0)};`)

/** The HTML alternative of a text mail: its paragraphs, escaped. */
export const htmlOf = (text: string): string => `<html><body>${text.split('\n\n').map(paragraph => `<p>${escapeHtml(paragraph).replace(/\n/g, '<br>')}</p>`).join('')}</body></html>`

export const linesOf = ({ order, money }: OrderMailContext): string => order.lines.map(line => `${line.quantity} × ${line.name} (${line.sku}): ${money(line.total)}`).join('\n')
