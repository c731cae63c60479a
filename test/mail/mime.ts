// Reads back the MIME messages nodemailer writes, as far as the mail tests need: headers
// (unfolded, encoded words decoded), text and HTML bodies, and attachments.

export interface ReadMail {
  /** By lower-case name. */
  headers: Map<string, string>
  text?: string
  html?: string
  attachments: Array<{ filename: string, contentType: string, content: Buffer }>
}

interface Entity { headers: Map<string, string>, body: string }

/** Quoted-printable (RFC 2045) to bytes; `_` stands for a space only in encoded words. */
function unquote (text: string): Buffer {
  return Buffer.from(text.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1')
}

/** Encoded words (RFC 2047) such as `=?UTF-8?Q?caf=C3=A9?=`; blanks between two of them are dropped. */
function decodeWords (value: string): string {
  return value.replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (_, charset: string, encoding: string, text: string) =>
    new TextDecoder(charset).decode(encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : unquote(text.replace(/_/g, ' '))))
}

function entity (source: string): Entity {
  const end = source.search(/\r?\n\r?\n/)
  const head = end === -1 ? source : source.slice(0, end)
  const headers = new Map<string, string>()
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':')
    headers.set(line.slice(0, colon).trim().toLowerCase(), decodeWords(line.slice(colon + 1).trim()))
  }
  return { headers, body: end === -1 ? '' : source.slice(end).replace(/^\r?\n\r?\n/, '') }
}

function parameter (header: string, name: string): string | undefined {
  return new RegExp(`;\\s*${name}="?([^";]*)"?`, 'i').exec(header)?.[1]
}

function content ({ headers, body }: Entity): Buffer {
  const encoding = headers.get('content-transfer-encoding')?.toLowerCase()
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64')
  if (encoding === 'quoted-printable') return unquote(body)
  return Buffer.from(body, 'latin1')
}

function collect (part: Entity, mail: ReadMail): void {
  const type = part.headers.get('content-type') ?? 'text/plain'
  const boundary = parameter(type, 'boundary')
  if (type.startsWith('multipart/') && boundary !== undefined) {
    // Between the first delimiter and the closing one, each part ends with the line break before the next.
    for (const section of part.body.split(`--${boundary}`).slice(1, -1)) collect(entity(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')), mail)
    return
  }
  const disposition = part.headers.get('content-disposition') ?? ''
  if (disposition.startsWith('attachment')) {
    mail.attachments.push({ filename: parameter(disposition, 'filename') ?? '', contentType: type.split(';')[0], content: content(part) })
    return
  }
  const text = content(part).toString('utf8').replace(/\r\n/g, '\n')
  if (type.startsWith('text/html')) mail.html = text
  else mail.text = text
}

export function readMail (raw: Buffer): ReadMail {
  const message = entity(raw.toString('latin1'))
  const mail: ReadMail = { headers: message.headers, attachments: [] }
  collect(message, mail)
  return mail
}
