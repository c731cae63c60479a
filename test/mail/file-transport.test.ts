import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { startPlatform } from '../helpers/platform.ts'
import { readMail } from './mime.ts'

const MAIL_FILE = /^\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-[0-9a-f]{8}\.eml$/

t.test('without SMTP_URL each mail is one .eml file in the mail folder of the data dir, from the default MAIL_FROM, in sending order', async t => {
  const platform = await startPlatform(t, { modules: ['mail_sender'], install: ['mail_sender'] })
  const mailDir = path.join(platform.platform.config.BACKROOM_DATA_DIR, 'mail')
  const receipt = Buffer.from('Receipt 1001: 42,00 €\n')
  const sent: string[] = []
  for (const subject of ['Order 1001 confirmed', 'Order 1001 shipped']) {
    const response = await platform.asAdmin({
      method: 'POST',
      url: '/api/mail_sender/mails',
      payload: { to: 'ann@example.test', subject, text: `Dear Ann,\n${subject.toLowerCase()}.`, attachments: [{ filename: 'receipt.txt', contentBase64: receipt.toString('base64') }] }
    })
    t.equal(response.statusCode, 201, response.body)
    sent.push(response.json().messageId)
    // File names sort to the millisecond.
    await sleep(2)
  }

  const files = readdirSync(mailDir).sort()
  t.equal(files.length, 2, 'one file per mail, nothing half-written left beside them')
  for (const file of files) t.match(file, MAIL_FILE, `${file}: timestamp and random suffix`)
  const mails = files.map(file => readFileSync(path.join(mailDir, file)))
  for (const raw of mails) t.notOk(/[^\r]\n/.test(raw.toString('latin1')), 'every line ends with CRLF, as RFC 5322 wants')
  const [confirmed, shipped] = mails.map(readMail)
  t.same([confirmed.headers.get('message-id'), shipped.headers.get('message-id')], sent, 'sorted names are in sending order, each file is its mail')
  t.equal(confirmed.headers.get('from'), 'Backroom <no-reply@backroom.local>')
  t.equal(confirmed.headers.get('to'), 'ann@example.test')
  t.equal(confirmed.headers.get('subject'), 'Order 1001 confirmed')
  t.equal(confirmed.text, 'Dear Ann,\norder 1001 confirmed.')
  t.same(confirmed.attachments, [{ filename: 'receipt.txt', contentType: 'text/plain', content: receipt }], 'the content type follows the file name when not given')
  t.equal(shipped.headers.get('subject'), 'Order 1001 shipped')
})

t.test('a mail folder that cannot be written gives the caller BR_MAIL_FAILED', async t => {
  const platform = await startPlatform(t, { modules: ['mail_sender'], install: ['mail_sender'] })
  writeFileSync(path.join(platform.platform.config.BACKROOM_DATA_DIR, 'mail'), 'a file where the mail folder should be')
  const response = await platform.asAdmin({ method: 'POST', url: '/api/mail_sender/mails', payload: { to: 'ann@example.test', subject: 'Hello', text: 'Hello Ann' } })
  t.equal(response.statusCode, 502)
  t.same(response.json(), { statusCode: 502, code: 'BR_MAIL_FAILED', error: 'Bad Gateway', message: 'The mail could not be sent' })
})
