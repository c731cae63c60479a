// Money is an integer of minor units; percentages are exact decimal strings ("20", "5.5",
// "9.975"). Products are computed in BigInt so no intermediate ever rounds through a float.

const HALF_UP = (numerator: bigint, denominator: bigint): bigint => (numerator * 2n + denominator) / (denominator * 2n)

/** Thousandths of a percent of a decimal rate string with at most three decimals. */
function milliPercent (rate: string): bigint {
  const [units, decimals = ''] = rate.split('.')
  return BigInt(units) * 1000n + BigInt(decimals.padEnd(3, '0').slice(0, 3))
}

/** `rate` percent of an amount, rounded half up. */
export function percentOf (amount: number, rate: string): number {
  return Number(HALF_UP(BigInt(amount) * milliPercent(rate), 100000n))
}

/** Basis points (hundredths of a percent) of an amount, rounded half up. */
export function basisPointsOf (amount: number, basisPoints: number): number {
  return Number(HALF_UP(BigInt(amount) * BigInt(basisPoints), 10000n))
}

/**
 * The share of `total` for `count` more of `quantity` units when `done` were already taken: the
 * shares of all units add up exactly to the total, whatever the split.
 */
export function shareOf (total: number, quantity: number, done: number, count: number): number {
  const upTo = (units: number): bigint => BigInt(total) * BigInt(units) / BigInt(quantity)
  return Number(upTo(done + count) - upTo(done))
}
