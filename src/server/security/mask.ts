/** Masking of personal data for display: one place, so no page can forget it. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskIdCard(id: string | null | undefined): string | null {
  if (!id) return null;
  // 130425********1234: the region code stays (it is on every address anyway), birth date and sequence go.
  return id.length >= 10 ? `${id.slice(0, 6)}${'*'.repeat(id.length - 10)}${id.slice(-4)}` : '****';
}
