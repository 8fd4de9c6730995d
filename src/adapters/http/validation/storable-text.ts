// PostgreSQL text cannot hold the NUL character; such input is refused as a 400 naming its field
// rather than reaching the database as a 500.

export function isStorableText(text: string): boolean {
  return !text.includes('\u0000');
}
