import { withDetails } from 'backroom'
import { ordersErrors } from '../errors.ts'
import type { OrderLine } from '../schemas.ts'

/** The order lines a return or a credit slip names, each once, with its requested quantity. */
export function chosenLines (orderLines: OrderLine[], requested: Array<{ lineId: number, quantity: number }>, reference: string): Array<{ line: OrderLine, quantity: number }> {
  const seen = new Set<number>()
  return requested.map(({ lineId, quantity }) => {
    if (seen.has(lineId)) throw withDetails(new ordersErrors.BR_ORDERS_DUPLICATE_LINE(lineId), { field: 'lines', value: lineId })
    seen.add(lineId)
    const line = orderLines.find(candidate => candidate.id === lineId)
    if (line === undefined) throw withDetails(new ordersErrors.BR_ORDERS_LINE_NOT_FOUND(lineId, reference), { field: 'lines', value: lineId })
    return { line, quantity }
  })
}
