import type { EventHandler, ModuleContext } from 'backroom'
import { templatesFor } from '../mail/index.ts'
import type { MailContent, OrderMailContext, OrderMailTemplates } from '../mail/templates.ts'
import type { OrderEventPayload } from './events.ts'
import { createOrdersServices, type OrdersServices } from './orders-services.ts'
import { stateName } from './state-list.ts'

const servicesOf = new WeakMap<ModuleContext, OrdersServices>()

/**
 * Mails the customer about an order event, from the event's delivery: a rolled-back order has no
 * event, so it mails nothing; a failed send throws, and the event is delivered (and mailed) again.
 * Every read goes through the delivery's transaction.
 */
function orderMail (compose: (templates: OrderMailTemplates, context: OrderMailContext) => MailContent, stateOf: (event: Record<string, any>) => number | undefined): EventHandler {
  return async (event, { trx, module }) => {
    let services = servicesOf.get(module)
    if (services === undefined) {
      services = createOrdersServices(module)
      servicesOf.set(module, services)
    }
    const payload = event.payload as OrderEventPayload & Record<string, any>
    const record = await services.orderRecords.find(payload.id, trx)
    if (record === undefined) return
    const states = await services.states.current(trx)
    const { defaultLanguage } = states
    const state = states.get(stateOf(payload) ?? record.stateId)
    if (stateOf(payload) !== undefined && !state.sendEmail) return
    const context = {
      order: await services.orders.view(record, trx, states),
      money: await services.moneyFormat(record.currency, trx),
      stateName: stateName(state, record.language, defaultLanguage)
    }
    await module.mail.send({ to: record.customerEmail, ...compose(templatesFor(record.language, defaultLanguage), context) })
  }
}

/** The order confirmation, and a mail for every change into a state flagged "send email". */
export const ORDER_EMAIL_HANDLERS: Record<string, EventHandler> = {
  'orders.placed': orderMail((templates, context) => templates.placed(context), () => undefined),
  'orders.state_changed': orderMail((templates, context) => templates.stateChanged(context), payload => payload.toStateId)
}
