/** Level colours for charts and the matrix: distinct in lightness too, and every cell also carries its text label. */
export const LEVEL_COLOURS: Record<string, string> = {
  'not-yet': '#d9d4cc',
  developing: '#e59a5b',
  proficient: '#2f6f62',
  exemplary: '#173d36',
};
export const levelColour = (level: string) => LEVEL_COLOURS[level] ?? '#999';
export const levelText = (level: string) =>
  level === 'proficient' || level === 'exemplary' ? '#fff' : '#1b1b1b';
