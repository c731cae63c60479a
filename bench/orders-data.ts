import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { hashPassword } from '../core/people/passwords.ts'
import { STANDARD_RATE_RULE } from '../modules/localization/seed/defaults.ts'
import { checkPostcode } from '../modules/localization/services/postcodes.ts'
import { writeCatalogFixture, type FixtureCounts } from './catalog-data.ts'

/**
 * Two years of a shop's history for the benchmark, written straight into the tables of freshly
 * installed localization, catalog, customers and orders (with the test_carrier and test_payment
 * fixtures): a catalog, customers with one address each, and orders placed by them, each gone
 * through a realistic path of states up to where its age has brought it, with its lines,
 * history, invoice, payment and, once refunded, credit slip. Everything is computed in
 * PostgreSQL, one multi-row INSERT … SELECT per table over generate_series: pseudo-random draws
 * are hashes of the row number, so a run writes the same data as the last one.
 */

const YEAR_MS = 365 * 24 * 3600 * 1000
const ORDER_SPAN_MS = 2 * YEAR_MS
/** Customers start registering a little before the first order. */
const CUSTOMER_LEAD_MS = 60 * 24 * 3600 * 1000
const PROFESSIONAL_SHARE = 0.05
const PROFESSIONAL_DISCOUNT_BASIS_POINTS = 1000
const NEWSLETTER_SHARE = 0.3
const PHONE_SHARE = 0.6
const BIRTHDAY_SHARE = 0.3
const EXPRESS_SHARE_IN_FRANCE = 0.15
/** Shares of orders with 1, 2, 3 and 4 lines, and of lines of 1, 2 and 3 units. */
const LINE_COUNT_SHARES = [0.45, 0.3, 0.15, 0.1]
const UNIT_SHARES = [0.75, 0.18, 0.07]
/** Order line and history ids are derived from the order id: room for this many per order. */
const MAX_LINES = LINE_COUNT_SHARES.length
const MAX_STEPS = 8
/** A prime: lines of one order step through the catalog by it, so they never name the same item. */
const LINE_STRIDE = 7919
const SCRATCH = 'bench_fixture'

/** The same pseudo-random integer in [0, 2^31) for the same SQL integer expression and salt; salts make draws independent. */
const draw = (value: string, salt: number): string => `(hashint8extended((${value})::int8, ${salt}) & 2147483647)`
/** Likewise a fraction in [0, 1). */
const uniform = (value: string, salt: number): string => `(${draw(value, salt)}::float8 / 2147483648)`
/** The bucket (from 0) a fraction falls into, for buckets of these shares. */
const bucket = (fraction: string, shares: number[]): string => `(width_bucket(${fraction}, array[${cumulativeStarts(shares).join(', ')}]::float8[]) - 1)`

const SALT = { firstName: 1, lastName: 2, place: 3, professional: 4, newsletter: 5, phone: 6, birthday: 7, street: 8, scenario: 11, customer: 12, pace: 13, lineCount: 14, express: 15, item: 16, units: 17 }

function cumulativeStarts (shares: number[]): number[] {
  const starts: number[] = []
  let sum = 0
  for (const share of shares) { starts.push(sum); sum += share }
  return starts
}

const FIRST_NAMES = ['Marie', 'Camille', 'Lea', 'Manon', 'Chloe', 'Emma', 'Julie', 'Sarah', 'Laura', 'Anna', 'Sophie', 'Claire', 'Alice', 'Lucie',
  'Louise', 'Jean', 'Pierre', 'Louis', 'Lucas', 'Hugo', 'Thomas', 'Nicolas', 'Julien', 'Antoine', 'Maxime', 'Paul', 'David', 'Michael', 'James',
  'John', 'Oliver', 'Emily', 'Olivia', 'Daniel', 'Marc', 'Eric', 'Sandrine', 'Nathalie', 'Isabelle', 'Elena', 'Marco', 'Sofia', 'Lars', 'Eva']
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent',
  'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'Andre', 'Mercier', 'Dupont', 'Lambert',
  'Bonnet', 'Francois', 'Martinez', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Evans', 'Muller', 'Schmidt',
  'Rossi', 'Russo', 'Silva', 'Janssen', 'Peeters', 'Novak', 'Jensen', 'Costa', 'Weber', 'Fischer']

/** Where customers live: share of customers in %, the language they speak, and places as [city, postcode, region?]. */
const COUNTRIES: Array<{ code: string, share: number, language: string, dial: string, street: string, places: Array<[string, string, string?]> }> = [
  { code: 'FR', share: 52, language: 'fr', dial: '+33', street: 'rue de la République', places: [['Paris', '75011'], ['Paris', '75015'], ['Paris', '75018'], ['Lyon', '69003'], ['Marseille', '13008'], ['Toulouse', '31000'], ['Nantes', '44000'], ['Bordeaux', '33000'], ['Lille', '59000'], ['Strasbourg', '67000'], ['Montpellier', '34000'], ['Rennes', '35000'], ['Nice', '06000']] },
  { code: 'BE', share: 8, language: 'fr', dial: '+32', street: 'rue Neuve', places: [['Bruxelles', '1000'], ['Liège', '4000'], ['Namur', '5000'], ['Charleroi', '6000']] },
  { code: 'CH', share: 3, language: 'fr', dial: '+41', street: 'rue du Rhône', places: [['Genève', '1204'], ['Lausanne', '1003']] },
  { code: 'DE', share: 8, language: 'en', dial: '+49', street: 'Hauptstraße', places: [['Berlin', '10115'], ['München', '80331'], ['Hamburg', '20095'], ['Köln', '50667']] },
  { code: 'ES', share: 5, language: 'en', dial: '+34', street: 'Calle Mayor', places: [['Madrid', '28013'], ['Barcelona', '08002'], ['Valencia', '46001']] },
  { code: 'IT', share: 5, language: 'en', dial: '+39', street: 'Via Roma', places: [['Roma', '00184'], ['Milano', '20121'], ['Torino', '10121']] },
  { code: 'NL', share: 4, language: 'en', dial: '+31', street: 'Kerkstraat', places: [['Amsterdam', '1017 GC'], ['Rotterdam', '3011 AD'], ['Utrecht', '3511 LX']] },
  { code: 'GB', share: 7, language: 'en', dial: '+44', street: 'High Street', places: [['London', 'SW1A 1AA'], ['Manchester', 'M1 1AE'], ['Edinburgh', 'EH1 1YZ'], ['Bristol', 'BS1 4DJ']] },
  { code: 'US', share: 4, language: 'en', dial: '+1', street: 'Main Street', places: [['New York', '10001', 'NY'], ['San Francisco', '94103', 'CA'], ['Chicago', '60601', 'IL'], ['Austin', '78701', 'TX']] },
  { code: 'CA', share: 2, language: 'en', dial: '+1', street: 'King Street', places: [['Toronto', 'M5V 2T6', 'ON'], ['Vancouver', 'V6B 1A1', 'BC']] },
  { code: 'PT', share: 2, language: 'en', dial: '+351', street: 'Rua Augusta', places: [['Lisboa', '1100-053'], ['Porto', '4000-322']] }
]

type Actor = 'customer' | 'employee' | 'system'
interface Payment { module: string | null, method: string, methodId: string | null }
interface Scenario { share: number, source: 'shop' | 'staff', payment: Payment, steps: Array<[state: string, afterHours: number, actor: Actor]> }

// The methods test_payment offers, and a phone order staff record without a payment module.
const CARD: Payment = { module: 'test_payment', method: 'Test card', methodId: 'instant' }
const WALLET: Payment = { module: 'test_payment', method: 'Test wallet', methodId: 'remote' }
const WIRE: Payment = { module: 'test_payment', method: 'Test bank wire', methodId: 'wire' }
const PHONE: Payment = { module: null, method: 'Bank wire', methodId: null }
const SHIPPED_BY_CARD: Scenario['steps'] = [['awaiting_remote_payment', 0, 'customer'], ['remote_payment_accepted', 0.001, 'system'], ['processing', 20, 'employee'], ['shipped', 30, 'employee'], ['delivered', 96, 'employee']]

/**
 * How orders go, with the hours after the order each state is entered (times a per-order pace of
 * 0.6 to 1.6): an order stops at the last state its age reaches, so recent orders still await
 * their payment or shipping and old ones are delivered, canceled or refunded.
 */
const SCENARIOS: Scenario[] = [
  { share: 0.635, source: 'shop', payment: CARD, steps: SHIPPED_BY_CARD },
  { share: 0.015, source: 'shop', payment: CARD, steps: [...SHIPPED_BY_CARD, ['refunded', 300, 'system']] },
  { share: 0.12, source: 'shop', payment: WALLET, steps: [['awaiting_remote_payment', 0, 'customer'], ['remote_payment_accepted', 0.1, 'system'], ['processing', 24, 'employee'], ['shipped', 40, 'employee'], ['delivered', 110, 'employee']] },
  { share: 0.03, source: 'shop', payment: WALLET, steps: [['awaiting_remote_payment', 0, 'customer'], ['payment_error', 0.5, 'system']] },
  { share: 0.13, source: 'shop', payment: WIRE, steps: [['awaiting_bank_wire_payment', 0, 'customer'], ['payment_accepted', 60, 'employee'], ['processing', 70, 'employee'], ['shipped', 80, 'employee'], ['delivered', 150, 'employee']] },
  { share: 0.04, source: 'shop', payment: WIRE, steps: [['awaiting_bank_wire_payment', 0, 'customer'], ['canceled', 14 * 24, 'employee']] },
  { share: 0.03, source: 'staff', payment: PHONE, steps: [['awaiting_bank_wire_payment', 0, 'employee'], ['payment_accepted', 48, 'employee'], ['shipped', 72, 'employee'], ['delivered', 140, 'employee']] }
]

// What test_carrier quotes (modules/orders/test/fixtures/test_carrier).
const STANDARD = { id: 'standard', name: 'Standard, 48 h', carrier: 'Test Post', basePrice: 490, pricePerKilo: 100 }
const EXPRESS = { id: 'express', name: 'Express, next day', carrier: 'Test Express', price: 1500, country: 'FR' }
const SHIPPING_MODULE = 'test_carrier'
const PAYMENT_SCHEMA = 'test_payment'

/** References are 9 capital letters: the order id times a multiplier prime to 26, modulo 26^9, written in base 26, is one of a kind. */
const REFERENCE_MULTIPLIER = 1_594_323_011n
const REFERENCE_SPACE = 26n ** 9n
const referenceOf = (id: string): string =>
  Array.from({ length: 9 }, (_, digit) => `chr(65 + ((${id}::int8 * ${REFERENCE_MULTIPLIER}) % ${REFERENCE_SPACE} / ${26n ** BigInt(digit)} % 26)::int)`).join(' || ')

/** A document number as formatDocumentNumber writes it: IN2026-000042. */
const documentNumber = (prefix: string, year: string, sequence: string): string => `'${prefix}' || ${year} || '-' || lpad(${sequence}::text, greatest(6, length(${sequence}::text)), '0')`

export interface OrdersFixtureOptions {
  customers: number
  orders: number
  products: number
  /** Who staff actions in the history were made by: an employee id and its label (its email). */
  employee: { id: number, label: string }
}

export interface OrdersFixtureCounts {
  catalog: FixtureCounts
  customers: number
  orders: number
  lines: number
  history: number
  invoices: number
  creditSlips: number
  /** Generated orders per state key. */
  states: Record<string, number>
}

/** The places customers live in, one row each, with the share of customers each gets; postcodes checked as the customers module checks them. */
async function writePlaces (client: pg.ClientBase): Promise<number[]> {
  const { rows: countries } = await client.query('select code, needs_postcode, postcode_pattern from localization.countries where active')
  const { rows: languages } = await client.query('select code from localization.languages where active')
  const rules = new Map(countries.map(row => [row.code, { code: row.code, needsPostcode: row.needs_postcode, postcodePattern: row.postcode_pattern }]))
  const places = COUNTRIES.flatMap(country => country.places.map(([city, postcode, region]) => {
    const rule = rules.get(country.code)
    const check = rule === undefined ? undefined : checkPostcode(rule, postcode)
    if (check?.valid !== true) throw new Error(`the fixture's postcode ${postcode} is not one of ${country.code}`)
    if (!languages.some(language => language.code === country.language)) throw new Error(`the fixture's language ${country.language} is not active`)
    return { share: country.share / 100 / country.places.length, country: country.code, city, postcode: check.postcode, region: region ?? null, street: country.street, dial: country.dial, language: country.language }
  }))
  const column = <K extends keyof typeof places[number]>(key: K): Array<typeof places[number][K]> => places.map(place => place[key])
  await client.query(`create unlogged table ${SCRATCH}.places as
    select (n - 1)::int as n, country_code, city, postcode, region, street, dial, language
    from unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[]) with ordinality as place(country_code, city, postcode, region, street, dial, language, n)`,
  [column('country'), column('city'), column('postcode'), column('region'), column('street'), column('dial'), column('language')])
  return column('share')
}

/** Customers, registered evenly from a little before the first order until now, each with one address; professionals in a discount group. */
async function writeCustomers (client: pg.ClientBase, count: number, from: Date, to: Date): Promise<void> {
  const placeShares = await writePlaces(client)
  const passwordHash = await hashPassword(randomBytes(16).toString('hex'))
  await client.query(`create unlogged table ${SCRATCH}.customers as
    select c.*, lower(c.first_name || '.' || c.last_name) || c.id || '@mail.test' as email, p.language, p.country_code, p.city, p.postcode, p.region,
      (1 + ${draw('c.id', SALT.street)} % 150) || ' ' || p.street as line1,
      case when ${uniform('c.id', SALT.phone)} < ${PHONE_SHARE} then p.dial || ' ' || (600000000 + ${draw('c.id', SALT.phone)} % 100000000) end as phone,
      case when c.professional then c.last_name || ' & Co' end as company,
      case when c.professional then p.country_code || lpad((${draw('c.id', SALT.professional)} % 1000000000)::text, 11, '0') end as vat_number
    from (
      select id, ($2::text[])[1 + ${draw('id', SALT.firstName)} % cardinality($2::text[])] as first_name,
        ($3::text[])[1 + ${draw('id', SALT.lastName)} % cardinality($3::text[])] as last_name,
        ${bucket(uniform('id', SALT.place), placeShares)} as place,
        ${uniform('id', SALT.professional)} < ${PROFESSIONAL_SHARE} as professional,
        ${uniform('id', SALT.newsletter)} < ${NEWSLETTER_SHARE} as newsletter,
        $4::timestamptz + ($5::timestamptz - $4::timestamptz) * ((id - 0.5) / $1) as created_at
      from generate_series(1, $1::int) id
    ) c join ${SCRATCH}.places p on p.n = c.place`, [count, FIRST_NAMES, LAST_NAMES, from, to])
  await client.query(`insert into customers.customers (id, email, password_hash, first_name, last_name, language, phone, company, vat_number, birthday,
      newsletter, newsletter_at, newsletter_ip, created_at, updated_at)
    select id, email, $1, first_name, last_name, language, phone, company, vat_number,
      case when ${uniform('id', SALT.birthday)} < ${BIRTHDAY_SHARE} then date '1950-01-01' + (${draw('id', SALT.birthday)} % 20000)::int end,
      newsletter, case when newsletter then created_at end, case when newsletter then '203.0.113.' || (1 + id % 254) end, created_at, created_at
    from ${SCRATCH}.customers`, [passwordHash])
  await client.query(`insert into customers.consent_changes (customer_id, kind, opted_in, source, ip, created_at)
    select id, 'newsletter', true, 'shop', '203.0.113.' || (1 + id % 254), created_at from ${SCRATCH}.customers where newsletter`)
  await client.query(`insert into customers.addresses (id, customer_id, alias, first_name, last_name, company, line1, postcode, city, country_code, region, phone, created_at, updated_at)
    select id, id, 'Home', first_name, last_name, company, line1, postcode, city, country_code, region, phone, created_at, created_at from ${SCRATCH}.customers`)
  const { rows: [group] } = await client.query("insert into customers.groups (name, discount_basis_points) values ('Professionals', $1) returning id", [PROFESSIONAL_DISCOUNT_BASIS_POINTS])
  await client.query(`insert into customers.group_members (customer_id, group_id) select id, $1 from ${SCRATCH}.customers where professional`, [group.id])
  for (const table of ['customers', 'addresses']) await client.query(`select setval(pg_get_serial_sequence('customers.${table}', 'id'), $1)`, [count])
}

/**
 * The scenarios as paths: their states and the seconds after the order each is entered, and the
 * first step at which each flag holds; a path the transition table does not allow is refused.
 */
async function writePaths (client: pg.ClientBase): Promise<number[]> {
  if (SCENARIOS.some(scenario => scenario.steps.length > MAX_STEPS)) throw new Error(`an order path of the fixture has more than ${MAX_STEPS} steps`)
  const steps = SCENARIOS.flatMap((scenario, index) => scenario.steps.map(([state, afterHours, actor], step) => ({ scenario: index, step: step + 1, state, afterSeconds: afterHours * 3600, actor })))
  await client.query(`create unlogged table ${SCRATCH}.steps as
    select s.scenario, s.step, st.id as state_id, lag(st.id) over (partition by s.scenario order by s.step) as from_state_id, st.key, s.after_seconds, s.actor,
      st.paid, st.shipped, st.delivered, st.invoice
    from unnest($1::int[], $2::int[], $3::text[], $4::float8[], $5::text[]) as s(scenario, step, key, after_seconds, actor)
    join orders.states st on st.key = s.key`, [steps.map(s => s.scenario), steps.map(s => s.step), steps.map(s => s.state), steps.map(s => s.afterSeconds), steps.map(s => s.actor)])
  const { rows: [{ found, refused }] } = await client.query(`select count(*)::int as found, count(*) filter (where from_state_id is not null and not exists (
      select 1 from orders.state_transitions t where t.from_state_id = s.from_state_id and t.to_state_id = s.state_id))::int as refused
    from ${SCRATCH}.steps s`)
  if (found !== steps.length || refused > 0) throw new Error(`the fixture's order paths name ${steps.length - found} unknown states and ${refused} refused transitions`)
  await client.query(`create unlogged table ${SCRATCH}.paths as
    select p.*, sc.source, sc.payment_module, sc.payment_method, sc.payment_method_id from (
      select scenario, array_agg(state_id order by step) as state_ids, array_agg(after_seconds order by step) as afters,
        min(step) filter (where paid) as paid_step, min(step) filter (where shipped) as shipped_step, min(step) filter (where delivered) as delivered_step,
        min(step) filter (where invoice) as invoice_step, min(step) filter (where key = 'canceled') as canceled_step, min(step) filter (where key = 'refunded') as refunded_step
      from ${SCRATCH}.steps group by scenario
    ) p join unnest($1::text[], $2::text[], $3::text[], $4::text[]) with ordinality as sc(source, payment_module, payment_method, payment_method_id, n) on sc.n = p.scenario + 1`,
  [SCENARIOS.map(scenario => scenario.source), SCENARIOS.map(scenario => scenario.payment.module), SCENARIOS.map(scenario => scenario.payment.method), SCENARIOS.map(scenario => scenario.payment.methodId)])
  return SCENARIOS.map(scenario => scenario.share)
}

/**
 * Every sellable item of the catalog (products without variants, and variants), numbered from 0,
 * with what a line snapshots; all products are given the standard tax rule first.
 */
async function writeSellables (client: pg.ClientBase, taxRuleId: number): Promise<number> {
  await client.query('update catalog.products set tax_rule_id = $1', [taxRuleId])
  const { rowCount } = await client.query(`create unlogged table ${SCRATCH}.sellables as
    select (row_number() over (order by p.id, v.id) - 1)::int as n, p.id as product_id, v.id as variant_id, coalesce(v.sku, p.sku) as sku,
      greatest(0, p.price + coalesce(v.price_impact, 0)) as unit_price, greatest(0, p.weight_grams + coalesce(v.weight_impact_grams, 0)) as weight_grams
    from catalog.products p left join catalog.product_variants v on v.product_id = p.id`)
  return rowCount ?? 0
}

/**
 * The orders to write, one scratch row each: placed evenly over two years up to now, by a customer
 * registered by then (older customers have had more time to order), along a scenario up to the
 * last step their age reaches, with the times of what that implies (paid, invoiced, delivered, refunded).
 */
async function planOrders (client: pg.ClientBase, count: number, customers: { count: number, from: Date }, from: Date, now: Date, scenarioShares: number[], taxRuleId: number): Promise<void> {
  const stepTime = (step: string): string => `o.created_at + make_interval(secs => p.afters[${step}] * o.pace)`
  const reachedTime = (step: string): string => `case when o.reached >= ${step} then ${stepTime(step)} end`
  // The placings first, analyzed: estimated from generate_series instead, the joins would sort a million rows by customer.
  await client.query(`create unlogged table ${SCRATCH}.placed as
    select placed.*, 1 + width_bucket(extract(epoch from $5::timestamptz - placed.created_at)::float8 / placed.pace, p.afters[2:]) as reached
    from (
      select id, created_at, 0.6 + ${uniform('id', SALT.pace)} as pace, ${bucket(uniform('id', SALT.scenario), scenarioShares)} as scenario,
        1 + ${bucket(uniform('id', SALT.lineCount), LINE_COUNT_SHARES)} as line_count,
        1 + floor(${uniform('id', SALT.customer)} * greatest(1, floor($2 * extract(epoch from created_at - $3::timestamptz) / extract(epoch from $5::timestamptz - $3::timestamptz))))::int as customer_id
      from (select id, $4::timestamptz + ($5::timestamptz - $4::timestamptz) * ((id - 0.5) / $1) as created_at from generate_series(1, $1::int) id) evenly
    ) placed join ${SCRATCH}.paths p on p.scenario = placed.scenario`, [count, customers.count, customers.from, from, now])
  await client.query(`analyze ${SCRATCH}.placed, ${SCRATCH}.customers`)
  await client.query(`create unlogged table ${SCRATCH}.orders as
    select o.id, o.created_at, o.scenario, o.line_count, o.reached, o.pace, c.id as customer_id, c.email, c.language,
      case when c.professional then ${PROFESSIONAL_DISCOUNT_BASIS_POINTS} else 0 end as discount_basis_points, c.country_code, coalesce(trim_scale(rate.rate)::text, '0') as tax_rate, coalesce(rate.rate * 1000, 0)::int8 as tax_milli_percent,
      c.country_code = '${EXPRESS.country}' and ${uniform('o.id', SALT.express)} < ${EXPRESS_SHARE_IN_FRANCE} as express,
      p.state_ids[o.reached] as state_id, ${stepTime('o.reached')} as updated_at,
      coalesce(o.reached >= p.paid_step, false) as paid, coalesce(o.reached >= p.shipped_step, false) as shipped, coalesce(o.reached >= p.canceled_step, false) as canceled,
      ${reachedTime('p.delivered_step')} as delivered_at, ${reachedTime('p.invoice_step')} as invoiced_at, ${reachedTime('p.refunded_step')} as refunded_at,
      p.source, p.payment_module, p.payment_method, p.payment_method_id
    from ${SCRATCH}.placed o
    join ${SCRATCH}.paths p on p.scenario = o.scenario
    join ${SCRATCH}.customers c on c.id = o.customer_id
    left join localization.tax_rates rate on rate.rule_id = $1 and rate.country_code = c.country_code and rate.region is null`, [taxRuleId])
}

/** The lines of every order, priced as the module prices them: per line, the discount then the tax, each rounded half up in integers. */
async function planLines (client: pg.ClientBase, sellables: number, defaultLanguage: string): Promise<void> {
  await client.query(`analyze ${SCRATCH}.orders`)
  await client.query(`create unlogged table ${SCRATCH}.lines as
    select *, subtotal - discount + tax as total from (
      select *, (((subtotal - discount) * tax_milli_percent * 2 + 100000) / 200000)::int as tax from (
        -- Amounts of a line fit in an int: sums of ints add up in bigints, far faster than the numerics sums of bigints give.
        select o.id as order_id, position, s.product_id, s.variant_id, s.sku, coalesce(own.name, fallback.name, s.sku) as name, s.weight_grams, s.unit_price, units.quantity,
          o.tax_rate, o.tax_milli_percent, (s.unit_price * units.quantity)::int as subtotal,
          ((s.unit_price * units.quantity * o.discount_basis_points * 2 + 10000) / 20000)::int as discount,
          case when o.refunded_at is null then 0 else units.quantity end as refunded_quantity
        from ${SCRATCH}.orders o
        join (values ${Array.from({ length: MAX_LINES }, (_, index) => `(${index + 1})`).join(', ')}) line(position) on line.position <= o.line_count
        -- Bestsellers first: the square of a fraction favours the low numbers.
        join ${SCRATCH}.sellables s on s.n = (floor(${uniform('o.id', SALT.item)} ^ 2 * $1::int)::int + position * ${LINE_STRIDE}) % $1::int
        cross join lateral (select 1 + ${bucket(uniform(`o.id * ${MAX_LINES} + position`, SALT.units), UNIT_SHARES)} as quantity) units
        left join catalog.product_translations own on own.product_id = s.product_id and own.language = o.language
        left join catalog.product_translations fallback on fallback.product_id = s.product_id and fallback.language = $2
      ) priced
    ) taxed`, [sellables, defaultLanguage])
}

/** Writes the planned orders and their lines, history, invoices, payments and credit slips into the module tables. */
async function writeOrders (client: pg.ClientBase, employee: OrdersFixtureOptions['employee']): Promise<void> {
  const { rows: [{ code: currency }] } = await client.query('select code from localization.currencies where is_default')
  await client.query(`insert into orders.orders (id, reference, source, customer_id, customer_email, language, currency, state_id, delivery_address, invoice_address,
      delivery_country, carrier, shipping_module, shipping_option_id, shipping_name, tracking_number, payment_module, payment_method, payment_method_id,
      payment_reference, discount_basis_points, products_total, discount_total, tax_total, shipping_total, total, paid_total, refunded_total,
      stock_released, delivered_at, created_at, updated_at)
    select o.id, written.reference, o.source, o.customer_id, o.email, o.language, $1, o.state_id, written.address, written.address, o.country_code,
      case when o.express then '${EXPRESS.carrier}' else '${STANDARD.carrier}' end, '${SHIPPING_MODULE}', case when o.express then '${EXPRESS.id}' else '${STANDARD.id}' end,
      case when o.express then '${EXPRESS.name}' else '${STANDARD.name}' end, case when o.shipped then 'TP' || lpad(o.id::text, 11, '0') end,
      o.payment_module, o.payment_method, o.payment_method_id, case when o.payment_module is not null then 'PAY-' || written.reference end,
      o.discount_basis_points, l.products, l.discount, l.tax, parcel.shipping, due.total,
      case when o.paid then due.total else 0 end, case when o.refunded_at is not null then due.total else 0 end,
      o.canceled, o.delivered_at, o.created_at, o.updated_at
    from ${SCRATCH}.orders o
    join (select order_id, sum(subtotal) as products, sum(discount) as discount, sum(tax) as tax, sum(weight_grams * quantity) as weight from ${SCRATCH}.lines group by order_id) l on l.order_id = o.id
    join ${SCRATCH}.customers c on c.id = o.customer_id
    cross join lateral (select ${referenceOf('o.id')} as reference, jsonb_build_object('firstName', c.first_name, 'lastName', c.last_name, 'company', c.company,
      'line1', c.line1, 'line2', null, 'postcode', c.postcode, 'city', c.city, 'countryCode', c.country_code, 'region', c.region, 'phone', c.phone) as address) written
    cross join lateral (select case when o.express then ${EXPRESS.price} else ${STANDARD.basePrice} + ${STANDARD.pricePerKilo} * ceil(l.weight / 1000.0)::int8 end as shipping) parcel
    cross join lateral (select l.products - l.discount + l.tax + parcel.shipping as total) due`, [currency])
  await client.query(`insert into orders.order_lines (id, order_id, position, product_id, variant_id, sku, name, weight_grams, unit_price, quantity, tax_rate, subtotal, discount, tax, total, refunded_quantity)
    select (order_id - 1) * ${MAX_LINES} + position, order_id, position, product_id, variant_id, sku, name, weight_grams, unit_price, quantity, tax_rate, subtotal, discount, tax, total, refunded_quantity
    from ${SCRATCH}.lines`)
  await client.query(`insert into orders.order_history (id, order_id, from_state_id, to_state_id, actor_type, actor_id, actor_label, created_at)
    select (o.id - 1) * ${MAX_STEPS} + s.step, o.id, s.from_state_id, s.state_id, s.actor,
      case s.actor when 'customer' then o.customer_id when 'employee' then $1 end, case s.actor when 'customer' then o.email when 'employee' then $2 end,
      o.created_at + make_interval(secs => s.after_seconds * o.pace)
    from ${SCRATCH}.orders o join ${SCRATCH}.steps s on s.scenario = o.scenario and s.step <= o.reached`, [employee.id, employee.label])
  await client.query(`insert into ${PAYMENT_SCHEMA}.payments (reference, order_reference, amount)
    select payment_reference, reference, total from orders.orders where payment_module = '${PAYMENT_SCHEMA}'`)
  // Invoices and credit slips are numbered per UTC year in the order they were made, and the year's counter says where numbering goes on.
  await client.query(`insert into orders.invoices (order_id, number, year, sequence, created_at)
    select id, ${documentNumber('IN', 'year', 'sequence')}, year, sequence, invoiced_at from (
      select id, invoiced_at, year, row_number() over (partition by year order by invoiced_at, id) as sequence
      from (select id, invoiced_at, extract(year from invoiced_at at time zone 'UTC')::int as year from ${SCRATCH}.orders where invoiced_at is not null) invoiced
    ) numbered`)
  await client.query(`insert into orders.credit_slips (id, order_id, number, products_amount, shipping_amount, total, currency, refund_reference, employee_id, created_at)
    select id, id, number, total - shipping_total, shipping_total, total, currency, 'RF-' || number, $1, refunded_at from (
      select o.id, ${documentNumber('CS', 'year', 'row_number() over (partition by year order by o.refunded_at, o.id)')} as number, r.total, r.shipping_total, r.currency, o.refunded_at
      from (select *, extract(year from refunded_at at time zone 'UTC')::int as year from ${SCRATCH}.orders where refunded_at is not null) o join orders.orders r on r.id = o.id
    ) refunded`, [employee.id])
  await client.query(`insert into orders.credit_slip_lines (credit_slip_id, order_line_id, quantity, amount)
    select l.order_id, l.id, l.quantity, l.total from orders.order_lines l join orders.credit_slips cs on cs.id = l.order_id`)
  await client.query(`insert into ${PAYMENT_SCHEMA}.refunds (reference, payment_reference, amount)
    select cs.refund_reference, o.payment_reference, cs.total from orders.credit_slips cs join orders.orders o on o.id = cs.order_id`)
  await client.query(`insert into orders.document_counters (kind, year, last)
    select 'invoice', year, max(sequence) from orders.invoices group by year
    union all select 'credit_slip', extract(year from created_at at time zone 'UTC')::int as year, count(*) from orders.credit_slips group by year`)
  // Rows were written with explicit ids: the sequences must go on after them.
  for (const table of ['orders', 'order_lines', 'order_history', 'invoices', 'credit_slips']) {
    await client.query(`select setval(pg_get_serial_sequence('orders.${table}', 'id'), (select max(id) from orders.${table}))`)
  }
}

/** The tables the fixture fills, each loaded with its keys and indexes set aside. */
const LOADED_TABLES = ['customers.customers', 'customers.addresses', 'customers.group_members', 'customers.consent_changes', 'orders.orders',
  'orders.order_lines', 'orders.order_history', 'orders.invoices', 'orders.credit_slips', 'orders.credit_slip_lines', `${PAYMENT_SCHEMA}.payments`, `${PAYMENT_SCHEMA}.refunds`]

/**
 * Runs `load` with the foreign keys, primary keys, unique constraints and other indexes of the
 * tables dropped, then puts each back from its own definition, as pg_restore does: one index
 * build and one validating join per constraint, rather than an index insert and a foreign key
 * check per row, which would take several times as long on millions of rows.
 */
async function withKeysSetAside (client: pg.ClientBase, tables: string[], load: () => Promise<void>): Promise<void> {
  const { rows: constraints } = await client.query(`select conrelid::regclass::text as table_name, quote_ident(conname) as name, pg_get_constraintdef(oid) as definition
    from pg_constraint where (contype = 'f' and (conrelid = any($1::regclass[]) or confrelid = any($1::regclass[]))) or (contype in ('p', 'u') and conrelid = any($1::regclass[]))
    order by contype = 'f' desc`, [tables])
  const { rows: indexes } = await client.query(`select indexrelid::regclass::text as name, pg_get_indexdef(indexrelid) as definition from pg_index
    where indrelid = any($1::regclass[]) and not exists (select 1 from pg_constraint where conindid = indexrelid)`, [tables])
  for (const constraint of constraints) await client.query(`alter table ${constraint.table_name as string} drop constraint ${constraint.name as string}`)
  for (const index of indexes) await client.query(`drop index ${index.name as string}`)
  await load()
  for (const index of indexes) await client.query(index.definition)
  for (const constraint of [...constraints].reverse()) await client.query(`alter table ${constraint.table_name as string} add constraint ${constraint.name as string} ${constraint.definition as string}`)
}

/**
 * Writes the catalog (`products` products, as the catalog benchmark does), `customers` customers
 * and `orders` orders of the last two years into an installed, empty shop, then vacuums and
 * analyzes the tables, as a live database would be.
 */
export async function writeOrdersFixture (databaseUrl: string, options: OrdersFixtureOptions): Promise<OrdersFixtureCounts> {
  const catalog = await writeCatalogFixture(databaseUrl, options.products)
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  try {
    // Scratch tables go with the schema; the sorts, hashes and index builds over millions of rows stay in memory.
    await client.query("set work_mem = '256MB'")
    await client.query("set maintenance_work_mem = '512MB'")
    // Compiling these long expressions would take longer than evaluating them.
    await client.query('set jit = off')
    await client.query(`create schema ${SCRATCH}`)
    const now = new Date()
    const ordersFrom = new Date(now.getTime() - ORDER_SPAN_MS)
    const customersFrom = new Date(ordersFrom.getTime() - CUSTOMER_LEAD_MS)
    const { rows: [{ id: taxRuleId }] } = await client.query('select id from localization.tax_rules where name = $1', [STANDARD_RATE_RULE])
    const { rows: [{ code: defaultLanguage }] } = await client.query('select code from localization.languages where is_default')
    await client.query('begin')
    await withKeysSetAside(client, LOADED_TABLES, async () => {
      await writeCustomers(client, options.customers, customersFrom, now)
      const sellables = await writeSellables(client, taxRuleId)
      const scenarioShares = await writePaths(client)
      await planOrders(client, options.orders, { count: options.customers, from: customersFrom }, ordersFrom, now, scenarioShares, taxRuleId)
      await planLines(client, sellables, defaultLanguage)
      await writeOrders(client, options.employee)
    })
    await client.query(`drop schema ${SCRATCH} cascade`)
    await client.query('commit')
    await client.query(`vacuum analyze catalog.products, customers.customers, customers.addresses, customers.group_members, customers.consent_changes,
      orders.orders, orders.order_lines, orders.order_history, orders.invoices, orders.credit_slips, orders.credit_slip_lines, ${PAYMENT_SCHEMA}.payments`)
    const count = async (table: string): Promise<number> => Number((await client.query(`select count(*) as count from ${table}`)).rows[0].count)
    const { rows: states } = await client.query('select s.key, count(*)::int as orders from orders.orders o join orders.states s on s.id = o.state_id group by s.key order by orders desc')
    return {
      catalog,
      customers: await count('customers.customers'),
      orders: await count('orders.orders'),
      lines: await count('orders.order_lines'),
      history: await count('orders.order_history'),
      invoices: await count('orders.invoices'),
      creditSlips: await count('orders.credit_slips'),
      states: Object.fromEntries(states.map(row => [row.key, row.orders]))
    }
  } finally {
    await client.end()
  }
}
