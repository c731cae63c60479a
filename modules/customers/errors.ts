import { defineErrors } from 'backroom'

export const customersErrors = defineErrors('customers', {
  BR_CUSTOMERS_NOT_FOUND: { status: 404, message: 'Customer %s not found', description: 'No customer with this id.' },
  BR_CUSTOMERS_EMAIL_TAKEN: { status: 409, message: 'A customer account already uses %s', description: 'Customer emails are unique, case-insensitively.' },
  BR_CUSTOMERS_UNAUTHENTICATED: { status: 401, message: '%s', description: 'A shop route needs `Authorization: Bearer <customer token>`, as given by the shop login or registration; the token is missing, forged, expired, not a customer token, or was issued before the account\'s password changed.' },
  BR_CUSTOMERS_INACTIVE: { status: 403, message: 'This customer account is deactivated', description: 'A deactivated (or anonymized) customer cannot log in, and the tokens it already holds stop working at once.' },
  BR_CUSTOMERS_INVALID_CREDENTIALS: { status: 401, message: 'Wrong email or password', description: 'The shop login failed; the message never says which part was wrong.' },
  BR_CUSTOMERS_LOGIN_RATE_LIMITED: { status: 429, message: 'Too many login attempts: retry in %s seconds', description: 'Shop logins are limited per email and per IP address within a window (settings loginMaxPerAccount, loginMaxPerIp, loginWindowSeconds); the Retry-After header says when to try again. A successful login clears the count of its email.' },
  BR_CUSTOMERS_REAUTHENTICATION_FAILED: { status: 403, message: 'The current password is wrong', description: 'Changing the email or the password of one\'s own account needs the current password (currentPassword).' },
  BR_CUSTOMERS_ANONYMIZED: { status: 409, message: 'Customer %s was anonymized and cannot change', description: 'Anonymization is irreversible: the account can no longer be edited, reactivated, anonymized again or given addresses.' },
  BR_CUSTOMERS_UNKNOWN_LANGUAGE: { status: 400, message: 'Language %s is unknown or inactive', description: 'A customer\'s language is the ISO 639-1 code of an active language of the localization module.' },
  BR_CUSTOMERS_INVALID_BIRTHDAY: { status: 400, message: 'The birthday %s is not a date in the past', description: 'A birthday lies between 1900-01-01 and today.' },
  BR_CUSTOMERS_UNKNOWN_COUNTRY: { status: 400, message: 'Country %s is unknown or inactive', description: 'An address is in a country of the localization module (ISO 3166-1 alpha-2 code) that is active.' },
  BR_CUSTOMERS_INVALID_POSTCODE: { status: 400, message: '%s', description: 'The postcode does not match the format of the address\'s country (or is missing where the country needs one); `details` names the field and gives the expected pattern.' },
  BR_CUSTOMERS_ADDRESS_NOT_FOUND: { status: 404, message: 'Address %s not found', description: 'No address with this id belongs to this customer.' },
  BR_CUSTOMERS_GROUP_NOT_FOUND: { status: 404, message: 'Customer group %s not found', description: 'No customer group with this id.' },
  BR_CUSTOMERS_UNKNOWN_GROUP: { status: 400, message: 'Unknown customer group %s', description: 'groupIds names a customer group that does not exist.' },
  BR_CUSTOMERS_GROUP_NAME_TAKEN: { status: 409, message: 'A customer group is already named %s', description: 'Customer group names are unique, case-insensitively.' },
  BR_CUSTOMERS_GROUP_NOT_EMPTY: { status: 409, message: 'Customer group %s still has %s member(s)', description: 'Move its customers to other groups before deleting a group, so that no customer loses a discount unnoticed.' },
  BR_CUSTOMERS_INVALID_CURSOR: { status: 400, message: 'The cursor is not valid for this sort', description: 'Pass back the nextCursor of the previous page with the same sort and order.' }
})
