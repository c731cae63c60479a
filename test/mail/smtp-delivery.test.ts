import { randomBytes } from 'node:crypto'
import { createServer, type AddressInfo } from 'node:net'
import { SMTPServer } from 'smtp-server'
import t from 'tap'
import { createLogger } from '../../core/platform.ts'
import { startPlatform } from '../helpers/platform.ts'
import { readMail } from './mime.ts'

interface TestContext { teardown: (fn: () => Promise<void> | void) => void }

interface ReceivedMail { mailFrom: string, rcptTo: string[], user?: string, raw: Buffer }

/** A real SMTP server on loopback that keeps what it receives; logins succeed for `users`. */
async function startSmtpServer (t: TestContext, users: Record<string, string> = {}) {
  const received: ReceivedMail[] = []
  const logins: Array<{ username?: string | null, password?: string | null }> = []
  const server = new SMTPServer({
    authOptional: true,
    // Plain SMTP on loopback: no certificate to trust, so logins travel without TLS.
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    logger: false,
    onAuth (auth, session, callback) {
      logins.push({ username: auth.username, password: auth.password })
      if (typeof auth.username === 'string' && users[auth.username] === auth.password) callback(null, { user: auth.username })
      else callback(new Error('Invalid username or password'))
    },
    onData (stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        const { mailFrom, rcptTo } = session.envelope
        received.push({ mailFrom: mailFrom === false ? '' : mailFrom.address, rcptTo: rcptTo.map(address => address.address), user: session.user, raw: Buffer.concat(chunks) })
        callback()
      })
    }
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => { resolve() })
  })
  t.teardown(async () => { await new Promise<void>(resolve => { server.close(() => { resolve() }) }) })
  return { port: (server.server.address() as AddressInfo).port, received, logins }
}

/** A loopback port nothing listens on: taken, then given back. */
async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => { server.listen(0, '127.0.0.1', () => { resolve() }) })
  const { port } = server.address() as AddressInfo
  await new Promise<void>(resolve => { server.close(() => { resolve() }) })
  return port
}

function capturedLog () {
  const lines: string[] = []
  return { logger: createLogger('trace', { write: line => { lines.push(line) } }), text: () => lines.join(''), entries: () => lines.map(line => JSON.parse(line)) }
}

const order = {
  to: ['ann@example.test', 'bob@example.test'],
  subject: 'Order 1001 confirmed – thank you',
  text: 'Dear Ann,\nyour order 1001 is confirmed: 42,00 €.',
  html: '<p>Dear Ann, your order <b>1001</b> is confirmed: 42,00&nbsp;€.</p>',
  headers: { 'X-Order-Number': '1001' }
}

t.test('a module\'s mail reaches the SMTP server: from MAIL_FROM, to its recipients, with its subject, text, HTML, headers and attachment', async t => {
  const smtp = await startSmtpServer(t)
  const platform = await startPlatform(t, {
    env: { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_FROM: 'Corner Shop <orders@corner-shop.test>' },
    modules: ['mail_sender'],
    install: ['mail_sender']
  })
  const invoice = randomBytes(2048)
  const response = await platform.asAdmin({
    method: 'POST',
    url: '/api/mail_sender/mails',
    payload: { ...order, attachments: [{ filename: 'invoice-1001.pdf', contentBase64: invoice.toString('base64'), contentType: 'application/pdf' }] }
  })
  t.equal(response.statusCode, 201, response.body)
  const { messageId } = response.json()
  t.match(messageId, /^<[^<>@\s]+@corner-shop\.test>$/, 'a Message-ID in the sender\'s domain')

  t.equal(smtp.received.length, 1)
  const [delivered] = smtp.received
  t.equal(delivered.mailFrom, 'orders@corner-shop.test', 'the envelope sender is MAIL_FROM')
  t.same(delivered.rcptTo, order.to, 'every recipient is in the envelope')
  const mail = readMail(delivered.raw)
  t.equal(mail.headers.get('from'), 'Corner Shop <orders@corner-shop.test>')
  t.equal(mail.headers.get('to'), 'ann@example.test, bob@example.test')
  t.equal(mail.headers.get('subject'), order.subject)
  t.equal(mail.headers.get('message-id'), messageId)
  t.equal(mail.headers.get('x-order-number'), '1001')
  t.equal(mail.text, order.text)
  t.equal(mail.html, order.html)
  t.same(mail.attachments, [{ filename: 'invoice-1001.pdf', contentType: 'application/pdf', content: invoice }])
})

t.test('the credentials of SMTP_URL log in to the mail server and never reach the log', async t => {
  const password = `p@ss/${randomBytes(12).toString('hex')}`
  const smtp = await startSmtpServer(t, { 'shop-mailer': password })
  const log = capturedLog()
  const platform = await startPlatform(t, {
    env: { SMTP_URL: `smtp://shop-mailer:${encodeURIComponent(password)}@127.0.0.1:${smtp.port}` },
    modules: ['mail_sender'],
    install: ['mail_sender'],
    logger: log.logger
  })
  const response = await platform.asAdmin({ method: 'POST', url: '/api/mail_sender/mails', payload: { to: 'ann@example.test', subject: 'Hello', text: 'Hello Ann' } })
  t.equal(response.statusCode, 201, response.body)
  t.same(smtp.logins, [{ username: 'shop-mailer', password }], 'the user and the percent-decoded password of the URL')
  t.equal(smtp.received[0]?.user, 'shop-mailer', 'the mail was sent in the logged-in session')

  t.match(log.text(), `outgoing mail goes to smtp://127.0.0.1:${smtp.port}`, 'the log names the server')
  t.notOk(log.text().includes(password), 'the password is not in the log')
  t.notOk(log.text().includes(encodeURIComponent(password)), 'nor its percent-encoded form')
  t.notOk(log.text().includes('shop-mailer'), 'nor the user name')
})

/** What a caller gets when sending fails, and what the log tells about it. */
async function failedSend (t: TestContext, smtpUrl: string) {
  const log = capturedLog()
  const platform = await startPlatform(t, { env: { SMTP_URL: smtpUrl }, modules: ['mail_sender'], install: ['mail_sender'], logger: log.logger })
  const response = await platform.asAdmin({ method: 'POST', url: '/api/mail_sender/mails', payload: { to: 'ann@example.test', subject: 'Hello', text: 'Hello Ann, here is your secret link' } })
  const causes = log.entries().filter(entry => entry.msg === 'mail could not be sent')
  return { response, causes, log: log.text() }
}

const MAIL_FAILED = { statusCode: 502, code: 'BR_MAIL_FAILED', error: 'Bad Gateway', message: 'The mail could not be sent' }

t.test('an unreachable mail server gives the caller BR_MAIL_FAILED (502), which tells nothing of the server; the log has the cause', async t => {
  const port = await closedPort()
  const { response, causes } = await failedSend(t, `smtp://127.0.0.1:${port}`)
  t.equal(response.statusCode, 502)
  t.same(response.json(), MAIL_FAILED)
  t.equal(causes.length, 1)
  t.match(causes[0], { level: 40, destination: `smtp://127.0.0.1:${port}`, err: { message: /ECONNREFUSED/ } })
})

t.test('a mail server refusing the login gives BR_MAIL_FAILED; the log has the cause, never the password or the body', async t => {
  const password = `wrong-${randomBytes(12).toString('hex')}`
  const smtp = await startSmtpServer(t, { 'shop-mailer': 'the right password' })
  const { response, causes, log } = await failedSend(t, `smtp://shop-mailer:${password}@127.0.0.1:${smtp.port}`)
  t.same(response.json(), MAIL_FAILED)
  t.same(smtp.logins, [{ username: 'shop-mailer', password }], 'the login was tried')
  t.equal(smtp.received.length, 0)
  t.match(causes, [{ err: { code: 'EAUTH' } }])
  t.notOk(log.includes(password), 'the password is not in the log')
  t.notOk(log.includes('secret link'), 'the body is not in the log')
})
