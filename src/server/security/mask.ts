/** Masking of personal data for display: one place, so no page can forget it. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

export function maskIdCard(id: string | null | undefined): string | null {
  if (!id) return null;
  return id.length >= 8 ? `${id.slice(0, 3)}***********${id.slice(-4)}` : '****';
}
