/**
 * The `customers.data` extension point: a module holding personal data about customers (orders,
 * reviews, tickets) hands it over for the customer's GDPR export, as JSON.
 */
export interface CustomerDataSource {
  export (customerId: number): Promise<Record<string, unknown>>
}

export type DataSources = () => Array<{ module: string, implementation: CustomerDataSource }>

/** What every enabled module implementing `customers.data` holds about a customer, by module name. */
export async function collectModuleData (sources: DataSources, customerId: number): Promise<Record<string, unknown>> {
  const data: Record<string, unknown> = {}
  for (const { module, implementation } of sources()) data[module] = await implementation.export(customerId)
  return data
}
